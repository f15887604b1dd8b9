import Platform

/// Work refused before it starts because the settings (or a file's size) make it need more
/// memory than the machine has, e.g. "--image-size 100000, --batch-size 4: a training step on
/// 4 crops of 100000² needs at least 1.4 PiB, this machine has 20.5 GiB available".
public struct InsufficientMemory: SettingError {
    /// The settings that set the size, with their values (none when a file sets it).
    public let settings: [(setting: Setting, value: String)]
    public let limit: MemoryLimitError

    public init(_ settings: [(Setting, Any)], _ limit: MemoryLimitError) {
        self.settings = settings.map { ($0.0, "\($0.1)") }
        self.limit = limit
    }

    public func message(naming name: (Setting) -> String) -> String {
        let named = settings.map { "\(name($0.setting)) \($0.value)" }.joined(separator: ", ")
        return named.isEmpty ? limit.description : "\(named): \(limit.description)"
    }
}
