import Collectives
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
///
/// In a group of several processes (`ProcessGroup`, launched by `mpirun`) every process runs its
/// own trainer on its share of each batch, and they combine losses and gradients by the rules
/// of `DataParallel`; a group of one is today's single process, unchanged.
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
    /// The processes training together; nil for a single process.
    private let dataParallel: DataParallel?
    /// Held while the trainer reads its data (HDF5 packs), updates its state (parameters, Adam,
    /// iteration, history) or has it written, so that `halt()` from another thread finds a
    /// completed step and the HDF5 library used by one thread at a time.
    private let exclusive = NSLock()

    /// The processes training this network (a `SingleProcess` when alone).
    public let group: ProcessGroup
    /// Whether this process writes the run's files (rank 0 of its group).
    public var isWriter: Bool { group.rank == 0 }

    /// A new run: network initialized from `options.seed`, style targets from `style`.
    /// `batches` may be nil when every step is given its batch (`step(on:)`). `policy` says what
    /// the convolutions of both networks may do to be fast (not saved: it is not the model).
    public convenience init(options: TrainingOptions, style: Image, vggPath: String, batches: TrainingBatches?,
                            policy: ConvolutionPolicy = .exact, group: ProcessGroup = SingleProcess()) throws {
        try Self.requireRunnable(options, group: group)
        let network = try TransformerNet(options: options.network, convolutions: ConvolutionSettings(policy: policy))
        network.initialize(seed: options.seed)
        let loss = try PerceptualLoss(weightsPath: vggPath, configuration: options.loss, policy: policy)
        let styleImage = options.styleSize.map { style.resized(longSide: $0) } ?? style
        let targets = try loss.styleTargets(for: Tensor(image: styleImage))
        try self.init(options: options, network: network, loss: loss, styleTargets: targets, batches: batches,
                      iteration: 0, seconds: 0, optimizer: nil, history: [], group: group)
    }

    /// Continues the run saved in `checkpoint` exactly where it stopped.
    public convenience init(resuming checkpoint: Checkpoint, path: String, vggPath: String, batches: TrainingBatches,
                            iterations: Int? = nil, policy: ConvolutionPolicy = .exact, group: ProcessGroup = SingleProcess()) throws {
        guard let optimizer = checkpoint.optimizer else {
            throw CheckpointError(path, "holds no optimizer state (a model-only export); training cannot resume from it")
        }
        var options = checkpoint.options
        if let iterations { options.iterations = iterations }
        try Self.requireRunnable(options, group: group)
        let network = try TransformerNet(options: options.network, convolutions: ConvolutionSettings(policy: policy))
        try checkpoint.load(into: network, path: path)
        let loss = try PerceptualLoss(weightsPath: vggPath, configuration: options.loss, policy: policy)
        let styleTargets = try checkpoint.storedStyleTargets(for: options.loss, path: path)
        try self.init(options: options, network: network, loss: loss, styleTargets: styleTargets,
                      batches: batches, iteration: checkpoint.iteration, seconds: checkpoint.seconds,
                      optimizer: optimizer, history: checkpoint.history, group: group)
    }

    /// The options are valid, a step fits in memory and the batch can be shared by the group,
    /// checked before anything is built.
    private static func requireRunnable(_ options: TrainingOptions, group: ProcessGroup) throws {
        try options.validate()
        try WorkingMemory.requireTraining(options)
        if group.isDistributed {
            guard options.batchSize >= group.size else {
                throw InvalidSetting(.batchSize, options.batchSize, "must be at least the number of processes (\(group.size)): "
                                     + "each process trains on its share of every batch")
            }
            // Each process would normalize by the statistics of its own share of the batch, and
            // their running statistics would differ.
            guard options.network.normalization == .instance else {
                throw InvalidSetting(.normalization, options.network.normalization.rawValue,
                                     "must be instance on \(group.size) processes (batch normalization needs the whole batch in one process)")
            }
        }
    }

    private init(options: TrainingOptions, network: TransformerNet, loss: PerceptualLoss, styleTargets: StyleTargets,
                 batches: TrainingBatches?, iteration: Int, seconds: Double, optimizer: AdamState?, history: [HistoryEntry],
                 group: ProcessGroup) throws {
        self.options = options
        self.network = network
        self.loss = loss
        self.styleTargets = styleTargets
        self.batches = batches
        self.iteration = iteration
        self.secondsBefore = seconds
        self.history = history
        self.group = group
        dataParallel = group.isDistributed ? DataParallel(group: group, batchSize: options.batchSize) : nil
        arena = ParameterArena(packing: network.parameters)
        if let optimizer {
            adam = try Adam(restoring: optimizer, learningRate: options.learningRate(at: iteration))
            guard adam.parameterCount == arena.count else {
                throw TrainingError.optimizerStateMismatch(entries: adam.parameterCount, parameters: arena.count)
            }
        } else {
            adam = Adam(parameterCount: arena.count, learningRate: options.learningRate)
        }
        try dataParallel?.requireSameStart(options: options, imageCount: batches?.collection.count, iteration: iteration,
                                           parameters: UnsafeBufferPointer(arena.values), optimizer: adam.state)
    }

    public var seconds: Double { secondsBefore + Date().timeIntervalSince(started) }

    /// Sets the run's last iteration (a time budget's plan); the schedules follow it. In a group,
    /// every process must call it at the same step, and all take the smallest plan (each timed
    /// its own steps), so that they stop together.
    public func plan(iterations: Int, fitting fit: (TrainingOptions) -> TrainingOptions = { $0 }) throws {
        var planned = options
        planned.iterations = max(dataParallel?.agreed(iterations: iterations) ?? iterations, iteration)
        planned = fit(planned)
        try planned.validate()
        options = planned
    }
    /// Names of training images that could not be read (skipped).
    public var skippedImages: Set<String> { batches?.skipped ?? [] }
    public var parameterCount: Int { arena.count }

    /// One training step (on this process's share of the batch, in a group); returns the
    /// batch's loss terms. Throws (changing nothing) when the loss or a gradient is not finite,
    /// so the last checkpoint stays the last good state.
    @discardableResult
    public func step() throws -> LossTerms {
        guard let batches else { throw TrainingError.noTrainingData }
        let slots = dataParallel?.slots ?? 0..<options.batchSize
        return try step(on: try exclusive.withLock {
            try batches.batch(iteration: iteration, size: options.imageSize(at: iteration), slots: slots).images
        })
    }

    /// One training step on the given content batch (N, 3, S, S): the whole batch, or in a group
    /// this process's share of it.
    @discardableResult
    public func step(on content: Tensor) throws -> LossTerms {
        network.isTraining = true
        let contentTargets = try loss.contentTargets(for: content)
        let stylized = try network.forward(content)
        let gradient = outputGradient.tensor(like: stylized)
        var terms = try loss.evaluate(stylized, content: contentTargets, style: styleTargets, gradient: gradient)
        if let dataParallel {
            terms = try dataParallel.combined(terms, images: content.shape[0], iteration: iteration + 1)
        }
        guard terms.total.isFinite else {
            throw TrainingError.lossNotFinite(terms.total, iteration: iteration + 1)
        }
        arena.zeroGradients()
        try network.backward(gradient)
        if let dataParallel {
            try dataParallel.combineGradients(arena.gradients, images: content.shape[0], iteration: iteration + 1)
        }
        guard arena.gradients.allSatisfy(\.isFinite) else {
            throw TrainingError.gradientNotFinite(iteration: iteration + 1)
        }
        exclusive.withLock {
            adam.learningRate = options.learningRate(at: iteration)
            adam.step(parameters: arena.values, gradients: UnsafeBufferPointer(arena.gradients))
            iteration += 1
            history.append(HistoryEntry(iteration: iteration, terms: terms, seconds: seconds))
        }
        if let dataParallel, iteration % DataParallel.checkEvery == 0 {
            try dataParallel.requireSameParameters(UnsafeBufferPointer(arena.values), iteration: iteration)
        }
        return terms
    }

    /// Throws, on every process of the group, unless all hold the same parameters (nothing to
    /// check alone).
    public func requireSameParameters() throws {
        try dataParallel?.requireSameParameters(UnsafeBufferPointer(arena.values), iteration: iteration)
    }

    /// The loss of the current network on fixed validation images (no training); in a group,
    /// each process measures its share of them.
    public func validationLoss(_ images: [Image]) throws -> LossTerms {
        network.isTraining = false
        defer { network.isTraining = true }
        var sum = LossTerms()
        for image in images[dataParallel?.group.share(of: images.count) ?? images.indices] {
            let x = Tensor(image: image)
            let content = try loss.contentTargets(for: x)
            let terms = try loss.evaluate(try network.forward(x), content: content, style: styleTargets)
            sum.content += terms.content / Double(images.count)
            sum.style += terms.style / Double(images.count)
            sum.totalVariation += terms.totalVariation / Double(images.count)
            sum.total += terms.total / Double(images.count)
        }
        if let dataParallel { sum = dataParallel.combinedValidation(sum) }
        exclusive.withLock {
            if !history.isEmpty { history[history.count - 1].validation = sum }
        }
        return sum
    }

    /// Stylizes `image` with the current network (for sample pictures).
    public func stylize(_ image: Image) throws -> Image {
        network.isTraining = false
        defer { network.isTraining = true }
        return Image(tensor: try network.forward(Tensor(image: image))).clamped()
    }

    /// Runs `body` (which writes the trainer's files) while no step reads data or updates the
    /// state.
    public func exclusively<T>(_ body: () throws -> T) rethrows -> T {
        try exclusive.withLock(body)
    }

    /// From any thread: the checkpoint of the last completed step, after which this trainer
    /// neither reads, updates nor writes anything again (the thread running it blocks at its next
    /// read or update). For a stop that cannot wait for the step in progress; end the process
    /// after writing the checkpoint.
    public func halt() -> Checkpoint {
        exclusive.lock()
        return checkpoint()
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
