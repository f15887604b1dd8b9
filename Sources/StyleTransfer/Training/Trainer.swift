import Foundation
import Imaging
import NN
import Tensors

/// Trains a transformation network for one style (Johnson et al. 2016): each step stylizes a
/// batch of content crops, measures the perceptual loss of the result against the crops
/// (content) and the style image (Gram matrices), and takes an Adam step on the network's
/// parameters. The loop reads like the paper:
///
///     ŷ = f_W(x);  L = λc·ℓ_content(ŷ, x) + λs·ℓ_style(ŷ, y_s) + λtv·ℓ_tv(ŷ);  W ← Adam(W, ∂L/∂W)
public final class Trainer {
    public private(set) var options: TrainingOptions
    public let network: TransformerNet
    public let loss: PerceptualLoss
    public private(set) var iteration: Int
    public private(set) var history: [HistoryEntry]
    /// Training seconds before this process (from a resumed checkpoint).
    private let secondsBefore: Double
    private let started = Date()

    private let arena: ParameterArena
    private let adam: Adam
    private let styleTargets: StyleTargets
    private let batches: TrainingBatches?
    private let outputGradient = Buffer()

    /// A new run: network initialized from `options.seed`, style targets from `style`.
    /// `batches` may be nil when every step is given its batch (`step(on:)`). `policy` says what
    /// the convolutions of both networks may do to be fast (not saved: it is not the model).
    public convenience init(options: TrainingOptions, style: Image, vggPath: String, batches: TrainingBatches?,
                            policy: ConvolutionPolicy = .exact) throws {
        try Self.requireRunnable(options)
        let network = try TransformerNet(options: options.network, convolutions: ConvolutionSettings(policy: policy))
        network.initialize(seed: options.seed)
        let loss = try PerceptualLoss(weightsPath: vggPath, configuration: options.loss, policy: policy)
        let styleImage = options.styleSize.map { style.resized(longSide: $0) } ?? style
        let targets = try loss.styleTargets(for: Tensor(image: styleImage))
        try self.init(options: options, network: network, loss: loss, styleTargets: targets, batches: batches,
                      iteration: 0, seconds: 0, optimizer: nil, history: [])
    }

    /// Continues the run saved in `checkpoint` exactly where it stopped.
    public convenience init(resuming checkpoint: Checkpoint, path: String, vggPath: String, batches: TrainingBatches,
                            iterations: Int? = nil, policy: ConvolutionPolicy = .exact) throws {
        guard let optimizer = checkpoint.optimizer else {
            throw CheckpointError(path, "holds no optimizer state (a model-only export); training cannot resume from it")
        }
        var options = checkpoint.options
        if let iterations { options.iterations = iterations }
        try Self.requireRunnable(options)
        let network = try TransformerNet(options: options.network, convolutions: ConvolutionSettings(policy: policy))
        try checkpoint.load(into: network, path: path)
        let loss = try PerceptualLoss(weightsPath: vggPath, configuration: options.loss, policy: policy)
        let styleTargets = try checkpoint.storedStyleTargets(for: options.loss, path: path)
        try self.init(options: options, network: network, loss: loss, styleTargets: styleTargets,
                      batches: batches, iteration: checkpoint.iteration, seconds: checkpoint.seconds,
                      optimizer: optimizer, history: checkpoint.history)
    }

    /// The options are valid and a step fits in memory, checked before anything is built.
    private static func requireRunnable(_ options: TrainingOptions) throws {
        try options.validate()
        try WorkingMemory.requireTraining(options)
    }

    private init(options: TrainingOptions, network: TransformerNet, loss: PerceptualLoss, styleTargets: StyleTargets,
                 batches: TrainingBatches?, iteration: Int, seconds: Double, optimizer: AdamState?, history: [HistoryEntry]) throws {
        self.options = options
        self.network = network
        self.loss = loss
        self.styleTargets = styleTargets
        self.batches = batches
        self.iteration = iteration
        self.secondsBefore = seconds
        self.history = history
        arena = ParameterArena(packing: network.parameters)
        if let optimizer {
            adam = try Adam(restoring: optimizer, learningRate: options.learningRate(at: iteration))
            guard adam.parameterCount == arena.count else {
                throw TrainingError.optimizerStateMismatch(entries: adam.parameterCount, parameters: arena.count)
            }
        } else {
            adam = Adam(parameterCount: arena.count, learningRate: options.learningRate)
        }
    }

    public var seconds: Double { secondsBefore + Date().timeIntervalSince(started) }

    /// Sets the run's last iteration (a time budget's plan); the schedules follow it.
    public func plan(iterations: Int) throws {
        var planned = options
        planned.iterations = max(iterations, iteration)
        try planned.validate()
        options = planned
    }
    /// Names of training images that could not be read (skipped).
    public var skippedImages: Set<String> { batches?.skipped ?? [] }
    public var parameterCount: Int { arena.count }

    /// One training step; returns its loss terms. Throws (changing nothing) when the loss or a
    /// gradient is not finite, so the last checkpoint stays the last good state.
    @discardableResult
    public func step() throws -> LossTerms {
        guard let batches else { throw TrainingError.noTrainingData }
        return try step(on: try batches.batch(iteration: iteration, size: options.imageSize(at: iteration)).images)
    }

    /// One training step on the given content batch (N, 3, S, S).
    @discardableResult
    public func step(on content: Tensor) throws -> LossTerms {
        network.isTraining = true
        let contentTargets = try loss.contentTargets(for: content)
        let stylized = try network.forward(content)
        let gradient = outputGradient.tensor(like: stylized)
        let terms = try loss.evaluate(stylized, content: contentTargets, style: styleTargets, gradient: gradient)
        guard terms.total.isFinite else {
            throw TrainingError.lossNotFinite(terms.total, iteration: iteration + 1)
        }
        arena.zeroGradients()
        try network.backward(gradient)
        guard arena.gradients.allSatisfy(\.isFinite) else {
            throw TrainingError.gradientNotFinite(iteration: iteration + 1)
        }
        adam.learningRate = options.learningRate(at: iteration)
        adam.step(parameters: arena.values, gradients: UnsafeBufferPointer(arena.gradients))
        iteration += 1
        history.append(HistoryEntry(iteration: iteration, terms: terms, seconds: seconds))
        return terms
    }

    /// The loss of the current network on fixed validation images (no training).
    public func validationLoss(_ images: [Image]) throws -> LossTerms {
        network.isTraining = false
        defer { network.isTraining = true }
        var sum = LossTerms()
        for image in images {
            let x = Tensor(image: image)
            let content = try loss.contentTargets(for: x)
            let terms = try loss.evaluate(try network.forward(x), content: content, style: styleTargets)
            sum.content += terms.content / Double(images.count)
            sum.style += terms.style / Double(images.count)
            sum.totalVariation += terms.totalVariation / Double(images.count)
            sum.total += terms.total / Double(images.count)
        }
        if !history.isEmpty { history[history.count - 1].validation = sum }
        return sum
    }

    /// Stylizes `image` with the current network (for sample pictures).
    public func stylize(_ image: Image) throws -> Image {
        network.isTraining = false
        defer { network.isTraining = true }
        return Image(tensor: try network.forward(Tensor(image: image))).clamped()
    }

    /// Everything needed to continue exactly (full) or to stylize (model only).
    public func checkpoint(includingOptimizer: Bool = true) -> Checkpoint {
        Checkpoint(options: options, iteration: iteration, seconds: seconds,
                   parameters: network.parameters.map { ($0.name, $0.value.shape, $0.value.toArray()) },
                   buffers: network.buffers.map { ($0.name, $0.tensor.shape, $0.tensor.toArray()) },
                   styleTargets: styleTargets.grams.mapValues { ($0.shape, $0.toArray()) },
                   optimizer: includingOptimizer ? adam.state : nil, history: history)
    }
}
