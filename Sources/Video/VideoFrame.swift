import Imaging

/// One decoded frame: its picture and when it is shown.
public struct VideoFrame {
    public var image: Image
    /// 0, 1, 2, … in decoding order (which is display order once decoded).
    public var index: Int
    /// Presentation time and duration in the stream's time base (`VideoReader.timeBase`).
    public var timestamp: Int64
    public var duration: Int64
    /// Presentation time in seconds.
    public var seconds: Double
}
