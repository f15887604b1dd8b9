import ArgumentParser
import StyleTransfer
import Video

extension VideoCodec: ExpressibleByArgument {}

/// The options of `stylize` that apply to a video input.
struct VideoOptions: ParsableArguments {
    @Flag(
        inversion: .prefixedNo,
        help: """
            Video: steady the strokes from frame to frame by carrying the previous stylized frame along the motion \
            (optical flow) where the scene has not changed.
            """
    )
    var temporal = VideoSettings().temporal

    @Option(
        parsing: .unconditional,
        help: "Video: how much of the carried frame is kept where the scene has not changed (0-0.95).")
    var temporalWeight: Float = VideoSettings().temporalWeight

    @Option(help: "Video: the codec, h264, h265 or vp9 (default: h264; vp9 for .webm).")
    var codec: VideoCodec?

    @Option(
        parsing: .unconditional,
        help: """
            Video: the encoder's constant quality (CRF; lower is better and larger; default 18 for h264 and h265, 24 \
            for vp9).
            """
    )
    var crf: Int?

    var settings: VideoSettings {
        var s = VideoSettings()
        s.temporal = temporal
        s.temporalWeight = temporalWeight
        s.codec = codec
        s.quality = crf
        return s
    }
}
