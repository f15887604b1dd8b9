import Foundation
import Imaging
import NN
import Tensors

/// Optimizes the pixels of one image so that its VGG features match a content image and its
/// Gram matrices match one or more style images (Gatys et al. 2016). With no content image it
/// synthesizes the style's texture; with no style image it inverts the content's features.
public final class StyleOptimizer {
    public let loss: PerceptualLoss

    public init(loss: PerceptualLoss) {
        self.loss = loss
    }

    /// The result image (clamped to [0, 255]) and the loss after every iteration.
    /// `progress` is called after every iteration (returning false stops early), `snapshot`
    /// with the image last evaluated (an error it throws stops the run and is thrown).
    public func run(
        content: Image?, styles: [Image], styleBlend: [Float]? = nil, initial: Image,
        settings: OptimizationSettings,
        progress: (OptimizationProgress) -> Bool = { _ in true },
        snapshot: (Int, Image) throws -> Void = { _, _ in }
    ) throws -> (image: Image, history: [LossTerms]) {
        var styleTargets: StyleTargets?
        if !styles.isEmpty {
            let weights = styleBlend ?? [Float](repeating: 1, count: styles.count)
            guard weights.count == styles.count, weights.allSatisfy({ $0 >= 0 }), weights.reduce(0, +) > 0 else {
                throw InvalidSetting(
                    .styleBlend, weights.map { "\($0)" }.joined(separator: ","),
                    "needs one non-negative weight per style image (\(styles.count)), not all zero")
            }
            let each = try styles.map { try loss.styleTargets(for: Tensor(image: $0)) }
            styleTargets = each.count == 1 ? each[0] : StyleTargets.blend(each, weights: weights)
        }
        return try run(
            content: content, styleTargets: styleTargets, initial: initial, settings: settings,
            progress: progress, snapshot: snapshot)
    }

    /// The same with the style given by its Gram targets (e.g. those stored in a checkpoint).
    public func run(
        content: Image?, styleTargets: StyleTargets?, initial: Image, settings: OptimizationSettings,
        progress: (OptimizationProgress) -> Bool = { _ in true },
        snapshot: (Int, Image) throws -> Void = { _, _ in }
    ) throws -> (image: Image, history: [LossTerms]) {
        if let content, content.width != initial.width || content.height != initial.height {
            throw OptimizationError(
                "the initial image is \(initial.width)×\(initial.height) but the content image "
                    + "\(content.width)×\(content.height)"
            )
        }
        let contentTargets = try content.map { try loss.contentTargets(for: Tensor(image: $0)) }
        guard contentTargets != nil || styleTargets != nil else {
            throw OptimizationError("nothing to optimize: give a content image, a style image, or both")
        }

        let image = Tensor(image: initial)
        let gradient = Tensor(shape: image.shape)
        var history: [LossTerms] = []
        var lastTerms = LossTerms()
        let start = Date()

        func evaluate(_ x: UnsafeBufferPointer<Float>, _ g: UnsafeMutableBufferPointer<Float>) throws -> Float {
            image.data.update(from: x.baseAddress!, count: x.count)
            lastTerms = try loss.evaluate(image, content: contentTargets, style: styleTargets, gradient: gradient)
            g.baseAddress!.update(from: gradient.data, count: g.count)
            return Float(lastTerms.total)
        }
        // L-BFGS calls back without letting it throw: a snapshot's error stops the run, then is thrown.
        var snapshotError: Error?
        func report(_ iteration: Int) -> Bool {
            history.append(lastTerms)
            do {
                try snapshot(iteration, Image(tensor: image))
            } catch {
                snapshotError = error
                return false
            }
            return progress(
                OptimizationProgress(
                    iteration: iteration, iterations: settings.iterations,
                    terms: lastTerms, seconds: Date().timeIntervalSince(start)))
        }

        var pixels = initial.pixels
        switch settings.method {
        case .lbfgs:
            let lbfgs = LBFGS(
                settings: LBFGSSettings(
                    historySize: settings.historySize, learningRate: settings.learningRate,
                    lineSearch: .none, maxIterations: settings.iterations,
                    // One evaluation at the start plus one per iteration: N iterations need N + 1.
                    maxEvaluations: settings.iterations + 1, toleranceGradient: -1, toleranceChange: -1))
            let result = try lbfgs.minimize(
                &pixels,
                evaluate: { x, g in
                    try x.withUnsafeBufferPointer { x in
                        try g.withUnsafeMutableBufferPointer { g in try evaluate(x, g) }
                    }
                }, onIteration: { iteration, _, _ in report(iteration) })
            if result.stopReason == .nonFinite {
                throw OptimizationError(
                    "the loss became NaN or infinite at iteration \(result.iterations); try smaller weights or a "
                        + "smaller learning rate"
                )
            }
        case .adam:
            let adam = Adam(parameterCount: pixels.count, learningRate: settings.learningRate)
            var g = [Float](repeating: 0, count: pixels.count)
            for iteration in 1...max(settings.iterations, 1) {
                let value = try pixels.withUnsafeBufferPointer { x in
                    try g.withUnsafeMutableBufferPointer { try evaluate(x, $0) }
                }
                guard value.isFinite else {
                    throw OptimizationError(
                        "the loss became NaN or infinite at iteration \(iteration); try a smaller learning rate")
                }
                adam.step(parameters: &pixels, gradients: g)
                if !report(iteration) { break }
            }
        }
        if let snapshotError { throw snapshotError }
        var result = Image(width: initial.width, height: initial.height, pixels: pixels).clamped()
        if settings.preserveColors, let content {
            result = content.withLuminance(of: result).clamped()
        }
        return (result, history)
    }

    /// The usual starting points: the content image, or noise around ImageNet's mean colour.
    public static func noise(width: Int, height: Int, seed: UInt64) -> Image {
        var generator = SeededGenerator(seed: seed)
        let mean = CaffePreprocessing.meanRGB
        var pixels = [Float](repeating: 0, count: 3 * width * height)
        for c in 0..<3 {
            for i in 0..<(width * height) { pixels[c * width * height + i] = mean[c] + 20 * generator.nextNormal() }
        }
        return Image(width: width, height: height, pixels: pixels).clamped()
    }
}
