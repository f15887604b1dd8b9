import Foundation

/// A file that cannot be read or written, e.g. "out.png: cannot write the file (No space left on
/// device)" or "photo.png: a named pipe (FIFO), not a regular file".
public struct FileError: LocalizedError, CustomStringConvertible, Equatable {
    /// The path as the user gave it (non-UTF-8 bytes shown as \xNN).
    public let path: String
    public let problem: String

    public init(_ path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    /// The system's words for `code` (an errno value), e.g. "No space left on device".
    public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    public var description: String { "\(path): \(problem)" }
    public var errorDescription: String? { description }
}
