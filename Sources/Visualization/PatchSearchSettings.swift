/// What the maximally-activating-patch search looks for.
import StyleTransfer
public struct PatchSearchSettings: Sendable {
    /// The ReLU layer, e.g. `relu3_3`.
    public var layer: String
    /// The channels of the layer to find patches for (`ChannelSelection` parses them).
    public var channels: [Int]
    /// Patches kept per channel.
    public var top = 9
    /// At most this many of a channel's patches from one photograph: 1 shows `top` different
    /// photographs; more lets one photograph with a strong texture fill a row.
    public var perImage = 1
    /// Long side each photograph is resized to before the network sees it. 256: near the scale
    /// VGG was trained at (224² crops of photographs resized to a short side of 256 to 512), so
    /// objects are at sizes its filters learned, and relu5_3's 196-pixel field still fits.
    public var longSide = 256
    /// Only units whose whole receptive field lies inside the photograph. Left off, units at
    /// the borders compete too (the zero padding there makes edges some channels respond to
    /// strongly), and their patches are partly `ActivatingPatches.outsideColor`.
    public var wholeFieldsOnly = false

    /// The settings of the defaults, for `layer` and `channels`.
    public init(layer: String, channels: [Int]) {
        self.layer = layer
        self.channels = channels
    }

    /// The default counts and size (`top`, `perImage`, `longSide`).
    public static let defaults = PatchSearchSettings(layer: "relu3_3", channels: [])

    /// Throws `InvalidSetting` for a count below 1 or a long side out of bounds (the layer and
    /// channels are checked against the network by the search).
    public func validate() throws {
        try SettingBounds.require(top, in: 1...10_000, .patchCount)
        try SettingBounds.require(perImage, in: 1...10_000, .patchesPerImage)
        try InputSize.validate(longSide)
    }
}
