import Foundation
import Imaging
import NN
import StyleTransfer
import Tensors

/// The image a channel of the loss network responds to most, found by gradient ascent on the
/// pixels from noise or grey (the lecture's "gradient ascent" visualization): the objective is
/// the channel's mean activation over the feature map, or the activation of the unit at its
/// centre, and `NeuronSettings` lists the regularizers that keep the image from turning into
/// high-frequency noise the network happens to like. While the objective is 0 (the units are
/// off, and a ReLU passes no gradient) the layer's ReLU lets through the gradient that would
/// switch them on (the "redirected" ReLU of Olah et al.'s Lucid), so every channel starts.
public final class NeuronVisualization {
    private let ascent: LayerAscent
    /// The channels of the layer.
    public let channelCount: Int

    public init(network: VGGLossNetwork, layer: String) throws {
        ascent = try LayerAscent(network: network, layer: layer)
        channelCount = try network.variant.layer(relu: layer).outChannels
    }

    /// Loads the VGG weights `layer` needs from `weightsPath`.
    public convenience init(
        weightsPath: String, layer: String, pooling: PoolingMode = .max,
        policy: ConvolutionPolicy = .exact
    ) throws {
        let network = try VGGLossNetwork(weightsPath: weightsPath, covering: [layer], pooling: pooling, policy: policy)
        try self.init(network: network, layer: layer)
    }

    /// Throws unless `channel` is one of the layer's.
    public func requireChannel(_ channel: Int) throws {
        guard (0..<channelCount).contains(channel) else {
            throw InvalidSetting(
                .channel, channel,
                "must be between 0 and \(channelCount - 1) (\(ascent.layer) has \(channelCount) channels)")
        }
    }

    /// The mean activation of every channel of the layer for `image`.
    public func channelMeans(of image: Image) throws -> [Double] {
        let activation = try ascent.activation(of: image)
        let plane = activation.height * activation.width
        return (0..<activation.channels).map { c in
            var sum = 0.0
            for y in 0..<activation.height {
                for x in 0..<activation.width { sum += Double(activation.data[activation.index(0, c, y, x)]) }
            }
            return sum / Double(plane)
        }
    }

    /// The channel's objective for `image`: its mean activation, or its centre unit's.
    public func activation(of image: Image, channel: Int, center: Bool) throws -> Double {
        try requireChannel(channel)
        let activation = try ascent.activation(of: image)
        return Self.objective(
            activation, Tensor(shape: activation.shape, channelBlock: activation.channelBlock),
            channel: channel, center: center)
    }

    /// The image that maximizes the channel of `settings` (whose layer must be this instance's).
    /// `progress` is called after every step; returning false stops the ascent early.
    public func run(settings: NeuronSettings, progress: (NeuronProgress) -> Bool = { _ in true }) throws -> Image {
        try settings.validate()
        try requireChannel(settings.channel)
        let side = settings.size
        var image = Self.start(settings.start, side: side, seed: settings.seed)
        let mean = CaffePreprocessing.meanRGB
        let plane = side * side
        let started = Date()
        for iteration in 1...settings.iterations {
            let (objective, gradient, _) = try ascent.gradient(of: image, redirectingWhenZero: true) {
                activation, gradient in
                Self.objective(activation, gradient, channel: settings.channel, center: settings.center)
            }
            image = LayerAscent.normalizedStep(image, along: gradient, size: settings.step)
            // The regularizers act on the offsets from the mean colour.
            for c in 0..<3 {
                for i in 0..<plane {
                    image.pixels[c * plane + i] =
                        mean[c] + (1 - settings.decay) * (image.pixels[c * plane + i] - mean[c])
                }
            }
            if settings.blurEvery > 0, iteration % settings.blurEvery == 0 {
                image = image.blurred(sigma: settings.blurSigma)
            }
            if settings.valueClip > 0 {
                let norms = Self.pixelNorms(plane) { c, i in image.pixels[c * plane + i] - mean[c] }
                Self.resetPixels(&image, mean: mean, where: norms, below: Self.percentile(norms, settings.valueClip))
            }
            if settings.gradientClip > 0 {
                let norms = Self.pixelNorms(plane) { c, i in gradient[c * plane + i] }
                Self.resetPixels(&image, mean: mean, where: norms, below: Self.percentile(norms, settings.gradientClip))
            }
            image = image.clamped()
            let report = NeuronProgress(
                iteration: iteration, iterations: settings.iterations, activation: objective,
                seconds: Date().timeIntervalSince(started))
            if !progress(report) { break }
        }
        return image
    }

    /// The visualizations of several channels with `settings` otherwise, one after another, each
    /// with the activation it reached. `progress` gets the channel and its ascent's progress.
    public func run(
        settings: NeuronSettings, channels: [Int],
        progress: (Int, NeuronProgress) -> Bool = { _, _ in true }
    ) throws -> [NeuronGrid.Entry] {
        for channel in channels { try requireChannel(channel) }
        return try channels.map { channel in
            var one = settings
            one.channel = channel
            let image = try run(settings: one) { progress(channel, $0) }
            return NeuronGrid.Entry(
                channel: channel, activation: try activation(of: image, channel: channel, center: settings.center),
                image: image)
        }
    }

    /// Where the ascent starts: ImageNet's mean colour, with noise (as `optimize --init noise`)
    /// or flat.
    public static func start(_ start: NeuronSettings.Start, side: Int, seed: UInt64) -> Image {
        switch start {
        case .noise: return StyleOptimizer.noise(width: side, height: side, seed: seed)
        case .grey:
            return Image(
                width: side, height: side,
                pixels: CaffePreprocessing.meanRGB.flatMap {
                    [Float](repeating: $0, count: side * side)
                })
        }
    }

    /// The mean of the channel over the feature map (or its centre unit), with its gradient
    /// written into `gradient`.
    private static func objective(_ activation: Tensor, _ gradient: Tensor, channel: Int, center: Bool) -> Double {
        if center {
            let index = activation.index(0, channel, activation.height / 2, activation.width / 2)
            gradient.data[index] = 1
            return Double(activation.data[index])
        }
        let share = 1 / Float(activation.height * activation.width)
        var sum = 0.0
        for y in 0..<activation.height {
            for x in 0..<activation.width {
                let index = activation.index(0, channel, y, x)
                gradient.data[index] = share
                sum += Double(activation.data[index])
            }
        }
        return sum * Double(share)
    }

    /// The Euclidean norm over the three channels at every pixel of `value(c, i)`.
    private static func pixelNorms(_ plane: Int, _ value: (Int, Int) -> Float) -> [Float] {
        (0..<plane).map { i in (0..<3).reduce(Float(0)) { $0 + value($1, i) * value($1, i) }.squareRoot() }
    }

    /// The value below which `percent` % of `values` lie.
    private static func percentile(_ values: [Float], _ percent: Float) -> Float {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Float(sorted.count) * percent / 100))]
    }

    /// Pixels whose entry in `norms` is below `threshold` set to the mean colour.
    private static func resetPixels(_ image: inout Image, mean: [Float], where norms: [Float], below threshold: Float) {
        let plane = norms.count
        for i in 0..<plane where norms[i] < threshold {
            for c in 0..<3 { image.pixels[c * plane + i] = mean[c] }
        }
    }
}
