/// What a video holds, as its container and video stream declare it.
public struct VideoInfo: Equatable, Sendable {
    /// Frame size as decoded (before any resizing).
    public var width: Int
    public var height: Int
    /// Frames per second, as a fraction (30000/1001); 0/1 when the container does not say.
    public var frameRate: (numerator: Int, denominator: Int)
    /// Frames the container declares (nil when it does not: Matroska, WebM, raw streams).
    public var declaredFrameCount: Int?
    /// Seconds, of the video stream (or of the whole file when the stream does not say).
    public var duration: Double?
    /// The video codec's name ("h264") and the number of audio streams.
    public var codec: String
    public var audioStreams: Int

    /// Frames to expect: the declared count, else the duration times the frame rate.
    public var expectedFrameCount: Int? {
        if let declaredFrameCount { return declaredFrameCount }
        guard let duration, frameRate.numerator > 0, frameRate.denominator > 0 else { return nil }
        return Int((duration * Double(frameRate.numerator) / Double(frameRate.denominator)).rounded())
    }

    public var framesPerSecond: Double {
        frameRate.denominator > 0 ? Double(frameRate.numerator) / Double(frameRate.denominator) : 0
    }

    public static func == (a: VideoInfo, b: VideoInfo) -> Bool {
        a.width == b.width && a.height == b.height && a.frameRate == b.frameRate
            && a.declaredFrameCount == b.declaredFrameCount
            && a.duration == b.duration && a.codec == b.codec && a.audioStreams == b.audioStreams
    }
}
