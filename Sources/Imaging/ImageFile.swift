import Foundation
import Platform

/// The two file formats the program reads and writes.
enum ImageFormat {
    case png, jpeg

    /// Recognizes the format by its signature, because file names lie (a `.png` that is really
    /// a JPEG is common on the web).
    init?(magicBytes data: [UInt8]) {
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if data.starts(with: [0xFF, 0xD8]) {
            // The start-of-image marker alone: a JPEG, however damaged the rest (the decoder says how).
            self = .jpeg
        } else {
            return nil
        }
    }

    /// Output format from the path's extension, case-insensitive.
    init?(pathExtensionOf path: String) {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "png": self = .png
        case "jpg", "jpeg": self = .jpeg
        default: return nil
        }
    }
}

extension Image {
    /// Reads a PNG or JPEG file; the format is detected from the first bytes, not the extension.
    ///
    /// See `init(decoding:name:settings:)` for how the pixels are interpreted.
    /// Only regular files are read: a named pipe or a device (/dev/zero) is refused by name
    /// before anything is read from it.
    public init(contentsOf path: String, settings: ImageReadSettings = .init()) throws {
        let data: [UInt8]
        do {
            data = try RegularFile.read(path)
        } catch let error as FileError {
            switch FileKind.of(path) {
            case nil where !FileKind.isPresent(path): throw ImageError.fileNotFound(path: path)
            case .directory?: throw ImageError.isDirectory(path: path)
            default: throw ImageError.notReadable(path: path, problem: error.problem)
            }
        }
        try self.init(decoding: data, name: path, settings: settings)
    }

    /// Decodes PNG or JPEG bytes, detected by signature. `name` is used in error messages.
    ///
    /// - PNG: every bit depth and colour type, palette with or without tRNS, Adam7 interlacing.
    ///   8-bit files are read as 8-bit sRGB. 16-bit files keep their precision (samples come
    ///   out as fractions); without a gAMA/sRGB chunk they are taken to be sRGB-encoded, as
    ///   every common tool writes them.
    /// - JPEG: baseline, progressive, greyscale and CMYK/YCCK (converted to RGB; Adobe-inverted
    ///   CMYK is recognized by its APP14 marker). The EXIF orientation tag is applied, so the
    ///   image comes out upright as a viewer shows it. Decoder warnings (such as a premature end
    ///   of data) are treated as errors, to never return a partly grey image silently.
    /// - Alpha is composited on white: out = a * c + (1 - a) * 255, a in [0, 1] — a transparent
    ///   background shows as white, as it does in most viewers.
    public init(decoding data: [UInt8], name: String, settings: ImageReadSettings = .init()) throws {
        guard !data.isEmpty else { throw ImageError.emptyFile(name: name) }
        switch ImageFormat(magicBytes: data) {
        case .png: self = try PNGCodec.decode(data, name: name, settings: settings)
        case .jpeg: self = try JPEGCodec.decode(data, name: name, settings: settings)
        case nil: throw ImageError.unknownFormat(name: name, firstBytes: Array(data.prefix(8)))
        }
    }

    /// Writes the image as PNG or JPEG, chosen by the extension of `path` (.png, .jpg, .jpeg,
    /// any case), atomically (`AtomicFile`). Samples are rounded and clamped to 8 bits.
    public func write(to path: String, jpegQuality: Int = 92) throws {
        let bytes: [UInt8]
        switch ImageFormat(pathExtensionOf: path) {
        case .png: bytes = try encodedPNG()
        case .jpeg: bytes = try encodedJPEG(quality: jpegQuality)
        case nil: throw ImageError.unsupportedOutputExtension(path: path)
        }
        // Atomically: a full disk or a killed process never leaves a truncated image, and never
        // costs the file being replaced.
        try AtomicFile.write(bytes, to: path)
    }

    /// The image as an 8-bit RGB PNG (lossless for integer samples in [0, 255]).
    public func encodedPNG() throws -> [UInt8] {
        try PNGCodec.encode(self)
    }

    /// The image as a JPEG of the given quality (1...100). Chroma is subsampled 4:2:0 below
    /// quality 90 and kept at full resolution (4:4:4) from 90 up, where the thin colour edges of
    /// stylized images would otherwise bleed.
    public func encodedJPEG(quality: Int) throws -> [UInt8] {
        try JPEGCodec.encode(self, quality: quality)
    }
}
