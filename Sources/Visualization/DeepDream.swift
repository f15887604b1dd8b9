import Foundation
import Imaging
import StyleTransfer
import Tensors

/// DeepDream (Mordvintsev et al. 2015): amplify whatever a layer of the loss network already
/// sees in a photograph. Each step runs the image forward to the layer, sets the layer's
/// gradient to its own activation (the gradient of ½‖a‖²), runs backward to the image and moves
/// the pixels a normalized step along that gradient; the image is shifted by a random jitter
/// before the step and back after it, and kept within [0, 255]. The image is processed at
/// several scales, smallest first; the detail added at one scale is enlarged and carried to the
/// next, so the patterns grow at every size.
public final class DeepDream {
    private let ascent: LayerAscent

    /// A dream on `network`'s layer `layer`.
    public init(network: VGGLossNetwork, layer: String) throws {
        ascent = try LayerAscent(network: network, layer: layer)
    }

    /// Loads the VGG weights the layer needs from `weightsPath`.
    public convenience init(weightsPath: String, settings: DreamSettings, policy: ConvolutionPolicy = .exact) throws {
        let network = try VGGLossNetwork(
            weightsPath: weightsPath, covering: [settings.layer], pooling: settings.pooling,
            policy: policy)
        try self.init(network: network, layer: settings.layer)
    }

    /// The layer's ½‖a‖² for `image`, divided by its number of units (so sizes compare).
    public func objective(_ image: Image) throws -> Double {
        let activation = try ascent.activation(of: image)
        return LayerAscent.halfSquaredNorm(activation) / Double(activation.count)
    }

    /// One step: `image` shifted by `shift`, moved by `size` along the normalized gradient of
    /// ½‖a‖², shifted back and clamped to [0, 255]. Returns the image and the objective before
    /// the step per unit of the layer.
    public func step(_ image: Image, size: Float, shift: (x: Int, y: Int) = (0, 0)) throws -> (
        image: Image, objective: Double
    ) {
        let shifted = image.rolled(x: shift.x, y: shift.y)
        let (sum, gradient, units) = try ascent.gradient(of: shifted, seed: LayerAscent.halfSquaredNorm)
        let objective = sum / Double(units)
        let moved = LayerAscent.normalizedStep(shifted, along: gradient, size: size).clamped()
        return (moved.rolled(x: -shift.x, y: -shift.y), objective)
    }

    /// The dream of `image` with `settings` (its layer must be this instance's). `progress` is
    /// called after every step; returning false stops the run, which returns the image so far.
    public func run(
        _ image: Image, settings: DreamSettings,
        progress: (DreamProgress) -> Bool = { _ in true }
    ) throws -> Image {
        try settings.validate()
        let sizes = try settings.octaveSizes(width: image.width, height: image.height)
        var generator = SeededGenerator(seed: settings.seed)
        let start = Date()
        var detail: Image?
        var dreamt = image
        for (octave, size) in sizes.enumerated() {
            let base = image.resized(width: size.width, height: size.height)
            dreamt = base
            if let detail {
                let carried = detail.resized(width: size.width, height: size.height)
                for i in dreamt.pixels.indices {
                    dreamt.pixels[i] = min(max(dreamt.pixels[i] + carried.pixels[i], 0), 255)
                }
            }
            for iteration in 0..<settings.iterations {
                let shift = (x: Self.uniform(settings.jitter, &generator), y: Self.uniform(settings.jitter, &generator))
                let (next, objective) = try step(dreamt, size: settings.step, shift: shift)
                dreamt = next
                let report = DreamProgress(
                    octave: octave + 1, octaves: sizes.count, iteration: iteration + 1,
                    iterations: settings.iterations, width: size.width, height: size.height,
                    objective: objective, seconds: Date().timeIntervalSince(start))
                if !progress(report) { return dreamt }
            }
            detail = Image(
                width: size.width, height: size.height,
                pixels: zip(dreamt.pixels, base.pixels).map { $0 - $1 })
        }
        return dreamt
    }

    /// An integer uniform in −limit…limit.
    private static func uniform(_ limit: Int, _ generator: inout SeededGenerator) -> Int {
        limit == 0 ? 0 : Int(generator.next() % UInt64(2 * limit + 1)) - limit
    }
}
