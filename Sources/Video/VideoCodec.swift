import CFFmpeg

/// The codecs stylized video is encoded with, each through its reference encoder in Debian's
/// libavcodec, at a constant quality (CRF: lower is better and larger).
public enum VideoCodec: String, CaseIterable, Sendable {
    case h264, h265, vp9

    /// The codec for an output file: VP9 for WebM (which holds no H.264), else H.264, which
    /// every player plays.
    public static func standard(forOutput path: String) -> VideoCodec {
        VideoContainer.fileExtension(of: path) == "webm" ? .vp9 : .h264
    }

    var encoderName: String {
        switch self {
        case .h264: return "libx264"
        case .h265: return "libx265"
        case .vp9: return "libvpx-vp9"
        }
    }

    /// CRF values the encoder takes.
    public var qualities: ClosedRange<Int> { self == .vp9 ? 0...63 : 0...51 }

    /// The default CRF: 18 for x264 and x265 (visually lossless on stylized frames, whose
    /// strokes a coarser setting smears), 24 for VP9 (about the same size as x264's 18 there).
    public var defaultQuality: Int { self == .vp9 ? 24 : 18 }
}

/// How frames are encoded: codec, CRF and the x264/x265 speed preset.
public struct VideoEncoding: Sendable {
    public var codec: VideoCodec
    public var quality: Int
    public init(codec: VideoCodec, quality: Int? = nil) {
        self.codec = codec
        self.quality = quality ?? codec.defaultQuality
    }
}
