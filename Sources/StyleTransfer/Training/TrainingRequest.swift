import Collectives
import Foundation
import Imaging
import NN
import Platform
import Tensors

/// A training run as `faststyle train` asks for it — a new run or the continuation of a saved
/// one — and the one place that makes either ready to run (`TrainingSession.init(request:…)`):
/// its files checked, its settings settled, its photographs opened, its trainer built.
public struct TrainingRequest {
    /// The settings as the command line gives them: a new run's, or the settings a resumed run
    /// must agree with (`given` names those the user gave; the others are defaults).
    public var settings: TrainingSettings
    public var given: Set<Setting>
    /// The style images of a new run (their file names are the styles' names).
    public var styleImages: [String] = []
    /// A trained network a new run starts from (`--from`), read by the caller (it may be ONNX).
    public var base: (checkpoint: Checkpoint, path: String)?
    /// The checkpoint to continue (nil: a new run).
    public var resume: String?
    /// How long: passes over the dataset instead of the settings' iterations, or a deadline that
    /// decides the iterations (`TrainingBudget`). A resumed run is extended only by these and by
    /// `given` holding `.iterations`.
    public var epochs: Double?
    /// How often each style is drawn (a new run's, or a resumed run's from now on).
    public var styleShares: StyleShares?
    public var deadline: Date?
    /// The final crops and the cooldown as the user gave them: counts, or shares of the run
    /// (kept as shares under a deadline).
    public var finalIterations: IterationSpan?
    public var cooldown: IterationSpan?
    public var dataset: String
    public var validationFolder: String?
    public var checkpoint: String
    /// A new run may replace an existing checkpoint and its history (`TrainingFiles.prepare`).
    public var overwrite = false
    public var vggPath: String
    public var readSettings = ImageReadSettings()
    public var policy = ConvolutionPolicy.exact

    public init(settings: TrainingSettings, given: Set<Setting>, dataset: String, checkpoint: String, vggPath: String) {
        self.settings = settings
        self.given = given
        self.dataset = dataset
        self.checkpoint = checkpoint
        self.vggPath = vggPath
    }

    /// The deadline's budget, with the final crops and the cooldown given as shares of the run.
    public var budget: TrainingBudget? {
        deadline.map {
            TrainingBudget(deadline: $0, finalShare: finalIterations?.share, cooldownShare: cooldown?.share)
        }
    }

    /// `settings` with the run's length: `epochs` over `imageCount` photographs, and the spans
    /// counted in it; under a deadline the most iterations allowed until the budget plans them,
    /// a span given as a share standing at 1 until the plan gives it its part.
    func settled(_ settings: TrainingSettings, imageCount: Int) throws -> TrainingSettings {
        var settled = settings
        if let styleShares { settled.styleShares = try styleShares.shares(for: settings.styleNames) }
        if let epochs { settled.iterations = try settings.iterations(forEpochs: epochs, imageCount: imageCount) }
        if let finalIterations { settled.finalIterations = finalIterations.count(of: settled.iterations) }
        if let cooldown { settled.cooldownIterations = cooldown.count(of: settled.iterations) }
        if deadline != nil {
            settled.iterations = SettingBounds.iterations.upperBound
            if finalIterations?.share != nil, settled.finalImageSize != nil { settled.finalIterations = 1 }
            if cooldown?.share != nil { settled.cooldownIterations = 1 }
        }
        return settled
    }
}

extension TrainingSession {
    /// The session `request` asks for, as this process's part of `group` (alone: the whole run).
    /// Everything that can be wrong is found before the first step: the output files (rank 0),
    /// the weights, the checkpoint to continue and the settings given against it, the photographs.
    /// `onSkip` hears of each training photograph that cannot be read (the run goes on without it).
    public convenience init(request: TrainingRequest, group: ProcessGroup, onSkip: @escaping (String, Error) -> Void)
        throws
    {
        let files = TrainingFiles(checkpoint: request.checkpoint)
        if group.rank == 0 { try files.prepare(overwrite: request.overwrite, resuming: request.resume) }
        guard FileKind.isPresent(request.vggPath) else { throw WeightsError.missing(request.vggPath) }

        let saved = try request.resume.map { path -> Checkpoint in
            let saved = try Checkpoint.read(from: path)
            try request.settings.requireNoConflicts(resuming: saved.settings, given: request.given)
            return saved
        }
        let recipe = saved?.settings ?? request.settings
        let validation = try request.validationFolder.map {
            try ValidationImages(folder: $0, size: recipe.imageSize, readSettings: request.readSettings)
        }
        let batches = try TrainingBatches(
            dataset: request.dataset, imageSize: recipe.imageSize, batchSize: recipe.batchSize,
            seed: recipe.seed, readSettings: request.readSettings)
        batches.onSkip = onSkip
        let imageCount = batches.collection.count

        let trainer: Trainer
        if let saved, let path = request.resume {
            // The saved run keeps its settings but for its length, its styles' shares and its stability.
            var iterations = request.given.contains(.iterations) ? request.settings.iterations : nil
            if let epochs = request.epochs {
                iterations = try saved.settings.iterations(forEpochs: epochs, imageCount: imageCount)
            }
            if request.deadline != nil { iterations = SettingBounds.iterations.upperBound }   // until planned
            trainer = try Trainer(
                resuming: saved, path: path, vggPath: request.vggPath, batches: batches, iterations: iterations,
                styleShares: request.styleShares,
                stabilityWeight: request.given.contains(.stabilityWeight) ? request.settings.stabilityWeight : nil,
                policy: request.policy, group: group)
        } else {
            let settings = try request.settled(request.settings, imageCount: imageCount)
            let styles = try request.styleImages.map { try Image(contentsOf: $0, settings: request.readSettings) }
            if let base = request.base {
                trainer = try Trainer(
                    settings: settings, styles: styles, base: base.checkpoint, basePath: base.path,
                    vggPath: request.vggPath,
                    batches: batches, policy: request.policy, group: group)
            } else {
                trainer = try Trainer(
                    settings: settings, styles: styles, vggPath: request.vggPath, batches: batches,
                    policy: request.policy, group: group)
            }
        }
        self.init(trainer: trainer, files: files, validation: validation, budget: request.budget)
    }
}
