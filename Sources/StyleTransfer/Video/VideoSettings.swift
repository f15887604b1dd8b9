import Video

/// How `VideoStylizer` treats a video beyond each frame's `StylizeSettings`: the steadying from
/// frame to frame, the encoding, and whether an existing output may be replaced.
public struct VideoSettings: Sendable {
    /// Carry the previous stylized frame forward along the motion (`TemporalSteadying`).
    public var temporal = true
    /// How much of the carried frame is kept where the scene has not changed (0…0.95).
    public var temporalWeight = TemporalSteadying.defaultWeight
    /// The codec (nil: H.264, or VP9 for WebM) and its CRF (nil: the codec's default).
    public var codec: VideoCodec?
    public var quality: Int?
    /// Replace an output that exists (a failed run never does).
    public var overwrite = false

    public init() {}

    /// The encoding of `output`.
    public func encoding(forOutput output: String) -> VideoEncoding {
        VideoEncoding(codec: codec ?? .standard(forOutput: output), quality: quality)
    }

    /// Throws the first impossible setting; `output` decides the codec when none is given.
    public func validate(output: String? = nil) throws {
        guard temporalWeight >= 0, temporalWeight <= 0.95 else {
            throw InvalidSetting(.temporalWeight, temporalWeight, "must be between 0 and 0.95")
        }
        if let quality {
            let codec = self.codec ?? output.map(VideoCodec.standard(forOutput:)) ?? .h264
            try SettingBounds.require(quality, in: codec.qualities, .videoQuality)
        }
    }
}
