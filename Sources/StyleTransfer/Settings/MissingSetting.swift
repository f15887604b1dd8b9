/// A setting that must be given in this case: "--style must be given: m.h5 holds 3 styles
/// (starry_night, great_wave, udnie)".
public struct MissingSetting: SettingError, Equatable {
    public let setting: Setting
    /// Why it is needed.
    public let reason: String
    /// Other settings that would do instead ("or --blend").
    public let alternatives: [Setting]

    public init(_ setting: Setting, _ reason: String, or alternatives: [Setting] = []) {
        self.setting = setting
        self.reason = reason
        self.alternatives = alternatives
    }

    public func message(naming name: (Setting) -> String) -> String {
        ([setting] + alternatives).map(name).joined(separator: " or ") + " must be given: \(reason)"
    }
}
