import CFFmpeg
import Foundation

/// A video that cannot be read or written, described for the user: the file and the reason.
public struct VideoError: LocalizedError, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }

    /// `path: what (FFmpeg's reason)`, for a failed FFmpeg call's return `code`.
    init(_ path: String, _ what: String, code: Int32) {
        self.init("\(path): \(what) (\(Self.reason(code)))")
    }

    /// FFmpeg's text for an error code ("No space left on device", "Invalid data found when processing input").
    static func reason(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        av_strerror(code, &buffer, buffer.count)
        return String(cString: buffer)
    }
}
