import Foundation

/// An error that refers to settings. Its message is written once, with each setting named by a
/// function: the library names them as `Setting` does, a front end by its own spelling.
public protocol SettingError: LocalizedError {
    func message(naming name: (Setting) -> String) -> String
}

extension SettingError {
    public var errorDescription: String? { message(naming: \.rawValue) }
}
