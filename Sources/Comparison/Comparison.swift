import Foundation
import Imaging
import NN
import StyleTransfer
import Tensors

/// Runs content images through the slow method (Gatys et al.'s optimization) and the fast one
/// (a trained transformation network) and measures both outputs with the same perceptual loss
/// (the same loss network, layers, weights and style targets) at the same size.
public final class Comparison {
    public let settings: ComparisonSettings
    public let loss: PerceptualLoss
    public let network: TransformerNet
    public let styleTargets: StyleTargets
    private let optimizer: StyleOptimizer
    private var warmedUpShapes: Set<[Int]> = []

    /// - Parameters:
    ///   - checkpoint: the trained network (read from `path`, named in errors).
    ///   - loss: the objective; its settings should be `settings.optimization.loss`.
    ///   - style: the style image at the size its Gram matrices are to be computed; nil takes
    ///     the targets stored in the checkpoint (those the network was trained against).
    ///   - policy: what the network's convolutions may do to be fast.
    public init(
        checkpoint: Checkpoint, path: String, loss: PerceptualLoss, style: Image?, settings: ComparisonSettings,
        policy: ConvolutionPolicy = .exact
    ) throws {
        guard loss.settings == settings.optimization.loss else {
            throw ComparisonError("the perceptual loss is not configured as the settings say")
        }
        self.settings = settings
        self.loss = loss
        network = try TransformerNet(
            settings: checkpoint.settings.network, convolutions: ConvolutionSettings(policy: policy))
        try checkpoint.load(into: network, path: path)
        network.freeze()
        guard checkpoint.settings.network.styles == 1 else {
            throw ComparisonError(
                "\(path) holds \(checkpoint.settings.network.styles) styles: compare one (or a blend) of them")
        }
        styleTargets =
            try style.map { try loss.styleTargets(for: Tensor(image: $0)) }
            ?? checkpoint.storedStyleTargets(for: loss.settings, path: path)[0]
        optimizer = StyleOptimizer(loss: loss)
    }

    /// `image` resized so its long side is `settings.size`, both sides rounded to a multiple of
    /// the network's `sizeMultiple` (so its output has the input's size), and rounded to 8 bits.
    public func workingImage(_ image: Image) -> Image {
        let multiple = network.settings.architecture.sizeMultiple
        let scaled = image.resized(longSide: settings.size)
        func round(_ side: Int) -> Int { max(multiple, Int((Double(side) / Double(multiple)).rounded()) * multiple) }
        return scaled.resized(width: round(scaled.width), height: round(scaled.height)).quantized()
    }

    /// Stylizes `image` both ways. `progress` sees every iteration of the optimization.
    public func run(
        _ image: Image, name: String,
        progress: (OptimizationProgress) -> Bool = { _ in true }
    ) throws -> ComparedImage {
        let content = workingImage(image)
        let input = Tensor(image: content)

        if !warmedUpShapes.contains(input.shape) {
            _ = try network.forward(input)
            warmedUpShapes.insert(input.shape)
        }
        var times: [Double] = []
        var fast = content
        for _ in 0..<3 {
            let start = Date()
            let output = try network.forward(input)
            times.append(Date().timeIntervalSince(start))
            guard output.height == content.height, output.width == content.width else {
                throw ComparisonError(
                    "the network turned a \(content.width)×\(content.height) image into "
                        + "\(output.width)×\(output.height)"
                )
            }
            fast = Image(tensor: output).quantized()
        }
        let fastSeconds = times.sorted()[1]

        let initial =
            settings.initialization == .content
            ? content
            : StyleOptimizer.noise(width: content.width, height: content.height, seed: settings.optimization.seed)
        let slowStart = Date()
        let optimized = try optimizer.run(
            content: content, styleTargets: styleTargets, initial: initial,
            settings: settings.optimization, progress: progress)
        let slowSeconds = Date().timeIntervalSince(slowStart)
        let slow = optimized.image.quantized()

        let contentTargets = try loss.contentTargets(for: input)
        let slowLoss = try loss.evaluate(Tensor(image: slow), content: contentTargets, style: styleTargets)
        let fastLoss = try loss.evaluate(Tensor(image: fast), content: contentTargets, style: styleTargets)
        return ComparedImage(
            name: name, content: content, slow: slow, fast: fast, slowSeconds: slowSeconds,
            fastSeconds: fastSeconds, slowLoss: slowLoss, fastLoss: fastLoss, history: optimized.history)
    }
}
