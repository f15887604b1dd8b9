import Collectives
import Foundation
import Imaging
import NN
import Tensors

/// Trains a transformation network (Johnson et al. 2016): each step stylizes a batch of content
/// crops, measures the perceptual loss of the result against the crops (content) and the style
/// image (Gram matrices), and takes an Adam step on the network's parameters. The loop reads
/// like the paper:
///
///     ŷ = f_W(x);  L = λc·ℓ_content(ŷ, x) + λs·ℓ_style(ŷ, y_s) + λtv·ℓ_tv(ŷ);
///     W ← Adam(W, ∂L/∂W)
///
/// A network of several styles (conditional instance normalization, Dumoulin et al. 2017) is
/// trained on all of them at once: each image of a batch is stylized in a style of its own
/// (`StyleSchedule`) and measured against that style's Gram matrices. A run may start from a
/// trained network (`init(settings:styles:base:…)`) and train only the normalizations' scales and
/// shifts (`TrainedParameters.norm`).
///
/// In a group of several processes (`ProcessGroup`, launched by `mpirun`) every process runs its
/// own trainer on its share of each batch, and they combine losses and gradients by the rules
/// of `DataParallel`; a group of one is today's single process, unchanged.
public final class Trainer {
    public private(set) var settings: TrainingSettings
    public let network: TransformerNet
    public let loss: PerceptualLoss
    public private(set) var iteration: Int
    public private(set) var history: [HistoryEntry]
    /// Training seconds before this process (from a resumed checkpoint).
    private let secondsBefore: Double
    private let started = Date()

    private let arena: ParameterArena
    private let adam: Adam
    /// The Gram targets of each style, in the network's order.
    private let styleTargets: [StyleTargets]
    /// The style of each image of a batch (nil: one style).
    private let schedule: StyleSchedule?
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

    /// A new run: network initialized from `settings.seed`, style targets from `style`.
    /// `batches` may be nil when every step is given its batch (`step(on:)`). `policy` says what
    /// the convolutions of both networks may do to be fast (not saved: it is not the model).
    public convenience init(
        settings: TrainingSettings, style: Image, vggPath: String, batches: TrainingBatches?,
        policy: ConvolutionPolicy = .exact, group: ProcessGroup = SingleProcess()
    ) throws {
        try self.init(
            settings: settings, styles: [style], vggPath: vggPath, batches: batches, policy: policy, group: group)
    }

    /// A new run of a network for `styles` (one image each, in the order of
    /// `settings.styleImages`), initialized from `settings.seed`.
    public convenience init(
        settings: TrainingSettings, styles: [Image], vggPath: String, batches: TrainingBatches?,
        policy: ConvolutionPolicy = .exact, group: ProcessGroup = SingleProcess()
    ) throws {
        try Self.requireRunnable(settings, group: group)
        try Self.requireStyleImages(styles, settings)
        let network = try TransformerNet(settings: settings.network, convolutions: ConvolutionSettings(policy: policy))
        network.initialize(seed: settings.seed)
        let loss = try PerceptualLoss(weightsPath: vggPath, settings: settings.loss, policy: policy)
        let targets = try styles.map { try Self.targets(of: $0, loss: loss, settings: settings) }
        try self.init(
            settings: settings, network: network, loss: loss, styleTargets: targets, batches: batches,
            iteration: 0, seconds: 0, optimizer: nil, history: [], group: group)
    }

    /// A new run that starts from a trained network (`base`, read from `basePath`): its
    /// convolutions, and for each new style the scales and shifts of the base's style nearest to
    /// it (`BaseStart`). The network's structure is the base's; `settings.network` gives only the
    /// number of styles.
    public convenience init(
        settings: TrainingSettings, styles: [Image], base: Checkpoint, basePath: String, vggPath: String,
        batches: TrainingBatches, policy: ConvolutionPolicy = .exact,
        group: ProcessGroup = SingleProcess()
    ) throws {
        var settings = settings
        settings.network = base.settings.network
        settings.network.styles = styles.count
        settings.base = URL(fileURLWithPath: basePath).lastPathComponent
        try Self.requireRunnable(settings, group: group)
        try Self.requireStyleImages(styles, settings)
        let loss = try PerceptualLoss(weightsPath: vggPath, settings: settings.loss, policy: policy)
        let targets = try styles.map { try Self.targets(of: $0, loss: loss, settings: settings) }
        let start = try BaseStart(base: base, path: basePath, policy: policy)
        let probe = try batches.batch(iteration: 0, size: settings.imageSize).images
        let network = try TransformerNet(settings: settings.network, convolutions: ConvolutionSettings(policy: policy))
        network.initialize(seed: settings.seed)
        let nearest = try start.initialize(network, styles: targets, probe: probe, loss: loss)
        try self.init(
            settings: settings, network: network, loss: loss, styleTargets: targets, batches: batches,
            iteration: 0, seconds: 0, optimizer: nil, history: [], group: group)
        baseStyles = nearest
    }

    /// One style image per style of the network.
    private static func requireStyleImages(_ styles: [Image], _ settings: TrainingSettings) throws {
        guard styles.count == settings.network.styles else {
            throw InvalidSetting(
                .styleImage, "\(styles.count) images",
                "must give one image per style of the network (\(settings.network.styles))")
        }
    }

    /// The Gram targets of a style image at the run's style size.
    private static func targets(of style: Image, loss: PerceptualLoss, settings: TrainingSettings) throws
        -> StyleTargets
    {
        let styleImage = settings.styleSize.map { style.resized(longSide: $0) } ?? style
        return try loss.styleTargets(for: Tensor(image: styleImage))
    }

    /// Continues the run saved in `checkpoint` exactly where it stopped; `iterations`,
    /// `styleShares` and `stabilityWeight`, when given, replace the saved run's.
    public convenience init(
        resuming checkpoint: Checkpoint, path: String, vggPath: String, batches: TrainingBatches,
        iterations: Int? = nil, styleShares: StyleShares? = nil, stabilityWeight: Float? = nil,
        policy: ConvolutionPolicy = .exact, group: ProcessGroup = SingleProcess()
    ) throws {
        guard let optimizer = checkpoint.optimizer else {
            throw CheckpointError(
                path, "holds no optimizer state (a model-only export); training cannot resume from it")
        }
        var settings = checkpoint.settings
        if let iterations { settings.iterations = iterations }
        if let styleShares { settings.styleShares = try styleShares.shares(for: settings.styleNames) }
        if let stabilityWeight { settings.stabilityWeight = stabilityWeight }
        try Self.requireRunnable(settings, group: group)
        let network = try TransformerNet(settings: settings.network, convolutions: ConvolutionSettings(policy: policy))
        try checkpoint.load(into: network, path: path)
        let loss = try PerceptualLoss(weightsPath: vggPath, settings: settings.loss, policy: policy)
        let styleTargets = try checkpoint.storedStyleTargets(for: settings.loss, path: path)
        guard styleTargets.count == settings.network.styles else {
            throw CheckpointError(
                path,
                "holds the Gram targets of \(styleTargets.count) styles for a network of \(settings.network.styles)")
        }
        try self.init(
            settings: settings, network: network, loss: loss, styleTargets: styleTargets,
            batches: batches, iteration: checkpoint.iteration, seconds: checkpoint.seconds,
            optimizer: optimizer, history: checkpoint.history, group: group)
    }

    /// The settings are valid, a step fits in memory and the batch can be shared by the group,
    /// checked before anything is built.
    private static func requireRunnable(_ settings: TrainingSettings, group: ProcessGroup) throws {
        try settings.validate()
        try WorkingMemory.requireTraining(settings)
        if group.isDistributed {
            guard settings.batchSize >= group.size else {
                throw InvalidSetting(
                    .batchSize, settings.batchSize,
                    "must be at least the number of processes (\(group.size)): "
                        + "each process trains on its share of every batch")
            }
            // Each process would normalize by the statistics of its own share of the batch, and
            // their running statistics would differ.
            guard settings.network.normalization == .instance else {
                throw InvalidSetting(
                    .normalization, settings.network.normalization.rawValue,
                    "must be instance on \(group.size) processes (batch normalization needs the whole batch in one "
                        + "process)"
                )
            }
        }
    }

    private init(
        settings: TrainingSettings, network: TransformerNet, loss: PerceptualLoss, styleTargets: [StyleTargets],
        batches: TrainingBatches?, iteration: Int, seconds: Double, optimizer: AdamState?, history: [HistoryEntry],
        group: ProcessGroup
    ) throws {
        self.settings = settings
        self.network = network
        self.loss = loss
        self.styleTargets = styleTargets
        schedule =
            styleTargets.count > 1
            ? StyleSchedule(
                styles: styleTargets.count, batchSize: settings.batchSize, seed: settings.seed,
                shares: settings.styleShares) : nil
        self.batches = batches
        self.iteration = iteration
        self.secondsBefore = seconds
        self.history = history
        self.group = group
        dataParallel = group.isDistributed ? DataParallel(group: group, batchSize: settings.batchSize) : nil
        if settings.trainedParameters == .norm {
            let normalizations = Set(network.normalizations.flatMap(\.parameters).map(ObjectIdentifier.init))
            for p in network.parameters where !normalizations.contains(ObjectIdentifier(p)) { p.isTrainable = false }
            network.weightsChanged()
        }
        arena = ParameterArena(packing: network.parameters.filter(\.isTrainable))
        if let optimizer {
            adam = try Adam(restoring: optimizer, learningRate: settings.learningRate(at: iteration))
            guard adam.parameterCount == arena.count else {
                throw TrainingError.optimizerStateMismatch(entries: adam.parameterCount, parameters: arena.count)
            }
        } else {
            adam = Adam(parameterCount: arena.count, learningRate: settings.learningRate)
        }
        try dataParallel?.requireSameStart(
            settings: settings, imageCount: batches?.collection.count, iteration: iteration,
            parameters: UnsafeBufferPointer(arena.values), optimizer: adam.state)
    }

    public var seconds: Double { secondsBefore + Date().timeIntervalSince(started) }

    /// Sets the run's last iteration (a time budget's plan); the schedules follow it. In a group,
    /// every process must call it at the same step, and all take the smallest plan (each timed
    /// its own steps), so that they stop together.
    public func plan(iterations: Int, fitting fit: (TrainingSettings) -> TrainingSettings = { $0 }) throws {
        var planned = settings
        planned.iterations = max(dataParallel?.agreed(iterations: iterations) ?? iterations, iteration)
        planned = fit(planned)
        try planned.validate()
        settings = planned
    }
    /// Names of training images that could not be read (skipped).
    public var skippedImages: Set<String> { batches?.skipped ?? [] }
    /// The parameters the run trains.
    public var parameterCount: Int { arena.count }
    /// The network's styles.
    public var styleCount: Int { styleTargets.count }
    /// For a run started from a trained network: the base's style each new style started from.
    public private(set) var baseStyles: [String]?

    /// One training step (on this process's share of the batch, in a group); returns the
    /// batch's loss terms. Throws (changing nothing) when the loss or a gradient is not finite,
    /// so the last checkpoint stays the last good state.
    @discardableResult
    public func step() throws -> LossTerms {
        guard let batches else { throw TrainingError.noTrainingData }
        let slots = dataParallel?.slots ?? 0..<settings.batchSize
        return try step(
            on: try exclusive.withLock {
                try batches.batch(iteration: iteration, size: settings.imageSize(at: iteration), slots: slots).images
            })
    }

    /// One training step on the given content batch (N, 3, S, S): the whole batch, or in a group
    /// this process's share of it.
    @discardableResult
    public func step(on content: Tensor) throws -> LossTerms {
        network.isTraining = true
        let slots = dataParallel?.slots ?? 0..<content.shape[0]
        let styles =
            schedule?.styles(iteration: iteration, slots: slots) ?? [Int](repeating: 0, count: content.shape[0])
        let contentTargets = try loss.contentTargets(for: content)
        let stability = settings.stability
        // With a stability term the network stylizes each crop and a moved, noisy copy of it in
        // one batch; the perceptual loss measures the crops, the term compares the pairs.
        let paired = stability?.pairedBatch(content, seed: settings.seed, iteration: iteration, slots: slots)
        network.styleOfSample = paired == nil ? styles : styles + styles
        let stylized = try network.forward(paired?.0 ?? content)
        let gradient = outputGradient.tensor(like: stylized)
        let n = content.batch
        var terms = try loss.evaluate(
            stylized.images(0..<n), content: contentTargets, styles: styles.map { styleTargets[$0] },
            gradient: gradient.images(0..<n))
        if let stability, let (_, shifts) = paired {
            gradient.images(n..<2 * n).zero()
            terms.total += stability.evaluate(stylized, shifts: shifts, addingInto: gradient)
        }
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
            adam.learningRate = settings.learningRate(at: iteration)
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

    /// The loss of the current network on fixed validation images (no training), each in every
    /// style, averaged; in a group, each process measures its share of them.
    public func validationLoss(_ images: [Image]) throws -> LossTerms {
        network.isTraining = false
        defer { network.isTraining = true }
        var sum = LossTerms()
        let pairs = images.count * styleTargets.count
        for pair in dataParallel?.group.share(of: pairs) ?? 0..<pairs {
            let x = Tensor(image: images[pair / styleTargets.count])
            let style = pair % styleTargets.count
            network.styleOfSample = [style]
            let content = try loss.contentTargets(for: x)
            let terms = try loss.evaluate(try network.forward(x), content: content, style: styleTargets[style])
            sum.content += terms.content / Double(pairs)
            sum.style += terms.style / Double(pairs)
            sum.totalVariation += terms.totalVariation / Double(pairs)
            sum.total += terms.total / Double(pairs)
        }
        if let dataParallel { sum = dataParallel.combinedValidation(sum) }
        exclusive.withLock {
            if !history.isEmpty { history[history.count - 1].validation = sum }
        }
        return sum
    }

    /// Stylizes `image` in `style` with the current network (for sample pictures).
    public func stylize(_ image: Image, style: Int = 0) throws -> Image {
        network.isTraining = false
        defer { network.isTraining = true }
        network.styleOfSample = [style]
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
        Checkpoint(
            settings: settings, iteration: iteration, seconds: seconds,
            parameters: network.parameters.map { ($0.name, $0.value.shape, $0.value.toArray()) },
            buffers: network.buffers.map { ($0.name, $0.tensor.shape, $0.tensor.toArray()) },
            styleTargets: StyleTargets.stacked(styleTargets),
            optimizer: includingOptimizer ? adam.state : nil, history: history)
    }
}
