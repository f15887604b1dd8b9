/// Settings given with a resumed run that differ from the checkpoint's: a resumed run continues
/// with the settings it was saved with, so they would be silently ignored.
public struct ResumeConflict: SettingError, Equatable {
    public struct Difference: Equatable {
        public let setting: Setting
        public let given: String
        public let saved: String
    }

    public let differences: [Difference]

    init(_ differences: [(Setting, String, String)]) {
        self.differences = differences.map { Difference(setting: $0.0, given: $0.1, saved: $0.2) }
    }

    public func message(naming name: (Setting) -> String) -> String {
        let listed = differences.map { "\(name($0.setting)) \($0.given) (the checkpoint has \($0.saved))" }.joined(
            separator: ", ")
        return
            "\(listed): a resumed run keeps the settings it was saved with, only \(name(.iterations)) or "
            + "\(name(.epochs)) may extend it (and \(name(.styleShares)) and \(name(.stabilityWeight)) change it); "
            + "leave \(differences.count == 1 ? "it" : "them") out, or start a new run"
    }
}
