/// How `NeuronVisualization` synthesizes the image a channel of the loss network likes best:
import StyleTransfer
/// gradient ascent on the pixels with the regularizers of Yosinski et al. 2015 ("Understanding
/// Neural Networks Through Deep Visualization"). Pixels are regularized as offsets from
/// ImageNet's mean colour, the "zero" of the network's input, so decay and clipping pull
/// towards that grey.
public struct NeuronSettings: Equatable, Sendable {
    /// Where the ascent starts.
    public enum Start: String, Sendable, CaseIterable {
        /// ImageNet's mean colour with Gaussian noise (σ = 20 levels), seeded.
        case noise
        /// ImageNet's mean colour, flat.
        case grey
    }

    /// The ReLU layer and the channel in it.
    public var layer = "relu4_3"
    public var channel = 0
    /// Maximize the unit at the centre of the feature map instead of the channel's mean.
    public var center = false
    /// The side of the square image, in pixels.
    public var size = 160
    public var iterations = 200
    /// The mean absolute change of a sample per step, in levels (the gradient is normalized).
    public var step: Float = 1
    /// L2 decay: every step the offsets from the mean colour shrink by this fraction.
    public var decay: Float = 0.002
    /// A Gaussian blur of `blurSigma` pixels every `blurEvery` steps (0: never).
    public var blurEvery = 4
    public var blurSigma = 0.5
    /// Every step, pixels whose offset from the mean colour is below this percentile (0–100)
    /// of all pixels' are set to the mean colour (0: never).
    public var valueClip: Float = 0
    /// Every step, pixels whose gradient is below this percentile (0–100) of all pixels'
    /// are set to the mean colour (0: never).
    public var gradientClip: Float = 0
    public var start = Start.noise
    public var seed: UInt64 = 0
    public var pooling: PoolingMode = .max

    public init() {}

    /// Throws unless every value is one the ascent can use (the layer and channel are checked
    /// against the network).
    public func validate() throws {
        try SettingBounds.require(size, in: 16...SettingBounds.imageSide.upperBound, .longSide, unit: " pixels")
        try SettingBounds.require(iterations, in: 1...SettingBounds.iterations.upperBound, .iterations)
        guard step.isFinite, step > 0, step <= 255 else {
            throw InvalidSetting(.step, step, "must be greater than 0 and at most 255 (levels of a sample per step)")
        }
        guard decay.isFinite, decay >= 0, decay < 1 else { throw InvalidSetting(.decay, decay, "must be in [0, 1)") }
        try InvalidSetting.requireNotNegative(blurEvery, .blurEvery)
        guard blurSigma.isFinite, blurSigma >= 0, blurSigma <= 64 else {
            throw InvalidSetting(.blurSigma, blurSigma, "must be between 0 and 64 pixels")
        }
        for (value, setting) in [(valueClip, Setting.valueClip), (gradientClip, .gradientClip)] {
            guard value.isFinite, value >= 0, value < 100 else {
                throw InvalidSetting(setting, value, "must be a percentile in [0, 100)")
            }
        }
    }
}
