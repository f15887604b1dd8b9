/// A setting that cannot be used as given, in words that need no "got …": "--quality applies to
/// JPEG outputs (.jpg, .jpeg) only, and no output is one", "-o photo.jpg is an input: the result
/// would replace it".
public struct SettingProblem: SettingError, Equatable {
    public let setting: Setting
    /// The value given, shown after the setting's name (nil: none shown).
    public let value: String?
    public let reason: String

    public init(_ setting: Setting, _ value: String? = nil, _ reason: String) {
        self.setting = setting
        self.value = value
        self.reason = reason
    }

    public func message(naming name: (Setting) -> String) -> String {
        ([name(setting)] + (value.map { [$0] } ?? [])).joined(separator: " ") + " " + reason
    }
}
