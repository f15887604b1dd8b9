import Foundation

/// Why an image could not be read or written. Every description names the file (or the
/// in-memory name given to `Image(decoding:name:)`) and the problem in plain words, because it
/// is shown to the user as is.
public enum ImageError: LocalizedError, CustomStringConvertible, Equatable {
    case fileNotFound(path: String)
    case isDirectory(path: String)
    /// Not a file that can be read: a named pipe, a device, a symbolic link loop, no permission.
    case notReadable(path: String, problem: String)
    case emptyFile(name: String)
    /// The first bytes are neither the PNG nor the JPEG signature.
    case unknownFormat(name: String, firstBytes: [UInt8])
    case zeroSize(name: String, width: Int, height: Int)
    /// The header declares more pixels than `ImageReadSettings.maxPixels`; checked before any
    /// pixel memory is allocated, so a tiny malicious file cannot exhaust memory.
    case tooManyPixels(name: String, width: Int, height: Int, limit: Int)
    /// The decoder rejected the data (truncated, corrupt); `reason` is the library's message.
    /// The declared size fits the pixel limit but not the memory available.
    case insufficientMemory(name: String, problem: String)
    case corrupt(name: String, format: String, reason: String)
    case unsupportedOutputExtension(path: String)
    case invalidJPEGQuality(Int)
    case encodingFailed(format: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .isDirectory(let path):
            return "\(path): is a directory, not an image file"
        case .notReadable(let path, let problem):
            return "\(path): \(problem)"
        case .emptyFile(let name):
            return "\(name): the file is empty, not an image"
        case .unknownFormat(let name, let firstBytes):
            let hex = firstBytes.prefix(8).map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
            let looksLikeText =
                !firstBytes.isEmpty
                && firstBytes.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            return "\(name): not a PNG or JPEG image (it starts with bytes \(hex)"
                + (looksLikeText ? ", which looks like text)" : ")")
                + "; the format is recognized by content, not by file extension"
        case .zeroSize(let name, let width, let height):
            return
                "\(name): the image declares a size of \(width)x\(height) pixels; width and height must be at least 1"
        case .tooManyPixels(let name, let width, let height, let limit):
            return
                "\(name): the image declares \(width)x\(height) = \(width * height) pixels, more than the pixel limit "
                + "of \(limit) "
                + "(a guard against decompression bombs); if the file is trusted, raise the limit"
        case .insufficientMemory(let name, let problem):
            return "\(name): \(problem)"
        case .corrupt(let name, let format, let reason):
            return "\(name): damaged or truncated \(format) data (\(reason))"
        case .unsupportedOutputExtension(let path):
            return "\(path): cannot tell the output format from the file extension; use .png, .jpg or .jpeg"
        case .invalidJPEGQuality(let quality):
            return "JPEG quality must be between 1 and 100, got \(quality)"
        case .encodingFailed(let format, let reason):
            return "cannot encode the image as \(format) (\(reason))"
        }
    }

    public var errorDescription: String? { description }
}
