/// A setting whose value the library cannot work with, e.g. "strength must be between 0 and 1,
/// got 2".
public struct InvalidSetting: SettingError, Equatable {
    public let setting: Setting
    /// The value given, as text.
    public let value: String
    /// What the value must be: "must be between 0 and 1".
    public let requirement: String

    public init(_ setting: Setting, _ value: Any, _ requirement: String) {
        self.setting = setting
        self.value = "\(value)"
        self.requirement = requirement
    }

    public func message(naming name: (Setting) -> String) -> String {
        "\(name(setting)) \(requirement), got \(value)"
    }

    /// Throws unless `value` > 0.
    public static func requirePositive<T: Comparable & Numeric>(_ value: T, _ setting: Setting) throws {
        guard value > 0 else { throw InvalidSetting(setting, value, "must be positive") }
    }

    /// Throws unless `value` ≥ 0.
    public static func requireNotNegative<T: Comparable & Numeric>(_ value: T, _ setting: Setting) throws {
        guard value >= 0 else { throw InvalidSetting(setting, value, "must not be negative") }
    }
}
