import Foundation
import StyleTransfer

/// How `DeepDream` runs: the layer it amplifies, the step, the jitter and the octaves. The
/// defaults are those of Google's DeepDream notebook (10 steps per octave, 4 octaves a factor
/// 1.4 apart, a step of 1.5 levels, jitter of 32 pixels) on a layer of VGG's block 4.
public struct DreamSettings: Equatable, Sendable {
    /// The ReLU layer whose activations are amplified (`relu4_2`).
    public var layer = "relu4_2"
    /// Gradient steps at each octave.
    public var iterations = 10
    /// How many scales the image is processed at, smallest first.
    public var octaves = 4
    /// The ratio of the sizes of two consecutive octaves (> 1).
    public var octaveScale = 1.4
    /// The mean absolute change of a sample per step, in levels of 255: the gradient is divided
    /// by its mean absolute value, so the step means the same at every layer and size.
    public var step: Float = 1.5
    /// The largest random shift of the image before a step (undone after it), in pixels.
    public var jitter = 32
    public var seed: UInt64 = 0
    public var pooling: PoolingMode = .max

    public init() {}

    /// Throws unless every value is one the run can use.
    public func validate() throws {
        try SettingBounds.require(iterations, in: 0...SettingBounds.iterations.upperBound, .iterations)
        try SettingBounds.require(octaves, in: 1...64, .octaves)
        guard octaveScale.isFinite, octaveScale > 1, octaveScale <= 16 else {
            throw InvalidSetting(.octaveScale, octaveScale, "must be greater than 1 and at most 16")
        }
        guard step.isFinite, step > 0, step <= 255 else {
            throw InvalidSetting(.step, step, "must be greater than 0 and at most 255 (levels of a sample per step)")
        }
        try SettingBounds.require(jitter, in: 0...SettingBounds.imageSide.upperBound, .jitter, unit: " pixels")
    }

    /// The sizes the image is dreamt at, smallest first, the last being `width`×`height`. Throws
    /// when the smallest would be too small for the layer to see anything (its feature map
    /// under 2×2).
    public func octaveSizes(width: Int, height: Int) throws -> [(width: Int, height: Int)] {
        let minimum = Self.smallestSide(for: layer)
        guard min(width, height) >= minimum else {
            throw InvalidSetting(
                .longSide, "\(width)×\(height)",
                "is too small for \(layer): its short side must be at least \(minimum) pixels")
        }
        var sizes: [(width: Int, height: Int)] = []
        for octave in 0..<octaves {
            let factor = pow(octaveScale, Double(octave))
            let size = (
                width: max(1, Int((Double(width) / factor).rounded())),
                height: max(1, Int((Double(height) / factor).rounded()))
            )
            guard min(size.width, size.height) >= minimum else {
                throw InvalidSetting(
                    .octaves, octaves,
                    "is too many for a \(width)×\(height) image at octave scale \(octaveScale): octave \(octave + 1) "
                        + "would be "
                        + "\(size.width)×\(size.height), under the \(minimum) pixels \(layer) needs; at most "
                        + "\(octave) fit"
                )
            }
            sizes.append(size)
        }
        return sizes.reversed()
    }

    /// The short side below which `layer` (in block b, after b − 1 poolings) sees a map smaller
    /// than 2×2, or 16 pixels, whichever is larger.
    static func smallestSide(for layer: String) -> Int {
        // VGG-19's table names every layer VGG-16 has; an unknown name is refused by the network.
        let block = (try? VGGVariant.vgg19.layer(relu: layer).block) ?? 1
        return max(16, 2 << (block - 1))
    }
}
