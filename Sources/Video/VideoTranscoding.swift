import Imaging

/// A video rewritten frame by frame: each frame of a reader through `transform`, into a new
/// file with the source's timing and audio (see `VideoWriter`).
public enum VideoTranscoding {
    /// Writes `path` (its container chosen by `name`, the output as the user knows it) and
    /// returns the number of frames. `transform` returns images of `reader.outputSize`.
    public static func run(
        _ reader: VideoReader, to path: String, naming name: String, encoding: VideoEncoding,
        transform: (VideoFrame) throws -> Image
    ) throws -> Int {
        let (width, height) = reader.outputSize
        let writer = try VideoWriter(
            path: path, name: name, source: reader, width: width, height: height, encoding: encoding)
        reader.forward = { try writer.copy($0) }
        defer { reader.forward = nil }
        var count = 0
        while let frame = try reader.nextFrame() {
            let image = try transform(frame)
            precondition(
                image.width == width && image.height == height, "a transformed frame keeps the reader's output size")
            try writer.write(image, timestamp: frame.timestamp, duration: frame.duration)
            count += 1
        }
        guard count > 0 else { throw VideoError("\(reader.path): the video has no frames") }
        try writer.finish()
        return count
    }
}
