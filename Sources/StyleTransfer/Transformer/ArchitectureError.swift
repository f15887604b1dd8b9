/// Why an architecture string does not describe a network, e.g. "architecture 'c9s1-32,d64':
/// the last layer must be a convolution to 3 channels (cKs1-3), the RGB output".
public struct ArchitectureError: SettingError, CustomStringConvertible {
    public let string: String
    public let problem: String

    init(_ string: String, _ problem: String) {
        self.string = string
        self.problem = problem
    }

    public func message(naming name: (Setting) -> String) -> String { "\(name(.architecture)) '\(string)': \(problem)" }
    public var description: String { message(naming: \.rawValue) }
}
