import CFFmpeg
import Foundation

/// The containers stylized video is written in, by the output's extension.
public enum VideoContainer {
    /// Extensions of outputs written: MP4 and its kin, QuickTime, Matroska, WebM.
    public static let outputExtensions: Set<String> = ["mp4", "m4v", "mov", "mkv", "webm"]
    /// Extensions taken as video inputs (anything else FFmpeg reads can be given too, with one of
    /// these names or when it is no image).
    public static let inputExtensions: Set<String> = outputExtensions.union(
        ["avi", "mpg", "mpeg", "ts", "mts", "m2ts", "flv", "wmv", "ogv", "3gp", "y4m", "nut", "mxf", "vob", "gif"])

    public static func fileExtension(of path: String) -> String { (path as NSString).pathExtension.lowercased() }

    public static func isVideo(_ path: String) -> Bool { inputExtensions.contains(fileExtension(of: path)) }

    /// FFmpeg's muxer for `path`'s extension.
    static func muxer(for path: String) throws -> UnsafePointer<AVOutputFormat> {
        guard outputExtensions.contains(fileExtension(of: path)), let format = av_guess_format(nil, path, nil) else {
            throw VideoError("\(path): videos are written as .\(outputExtensions.sorted().joined(separator: ", ."))")
        }
        return format
    }
}
