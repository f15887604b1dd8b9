import ArgumentParser
import Foundation
import Imaging
import ONNX
import Platform
import StyleTransfer

/// `faststyle train`: trains a transformation network for one style.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a feed-forward style transfer network (Johnson et al. 2016), for one style or several.",
        usage: """
            faststyle train --style <style> --dataset <dataset> --checkpoint <checkpoint> [<options>]
            faststyle train --style <style> --from <network> --dataset <dataset> --checkpoint <checkpoint> [<options>]
            faststyle train --styles <folder> --dataset <dataset> --checkpoint <checkpoint> [<options>]
            faststyle train --resume <resume> --dataset <dataset> --checkpoint <checkpoint> [--iterations <iterations>]
            """,
        discussion: """
            Writes CHECKPOINT (HDF5, atomically) every --checkpoint-every iterations and at the end, and \
            beside it CHECKPOINT-without-.h5 + .csv (loss history), .svg (loss curve) and a _samples folder \
            (stylized --val images). Ctrl-C saves a checkpoint and stops; --resume continues exactly.

            Several --style images (or --styles FOLDER) train one network for all of them (conditional \
            instance normalization, Dumoulin et al. 2017): the convolutions are shared and each style has its \
            own scales and shifts; every image of a batch is stylized in a style of its own. `faststyle stylize \
            --style NAME` then picks one, by its file name without the extension.

            --from NETWORK starts from a trained network (the built-in styles', or any checkpoint) instead of \
            random weights: its structure and convolutions, and for each new style the scales and shifts of its \
            nearest style. --train norm then trains only those (the convolutions stay the base's).

            Under mpirun (or srun), N processes train one network: each takes its share of every \
            --batch-size batch (the global batch) and their gradients are averaged; rank 0 writes the files \
            and prints. Each process uses cores ÷ processes-on-its-machine threads unless --threads.
            """)

    @Option(
        help: """
            The style image (required, unless --resume or --styles); give it several times to train one network for \
            several styles.
            """
    )
    var style: [String] = []

    @Option(help: "A folder of style images (searched recursively): one network for all of them (default: none).")
    var styles: String?

    @Option(
        help: ArgumentHelp(
            "With several styles: how often each is drawn, NAME=N,… in whole numbers (the others 1), e.g. "
                + "starry_night=3 trains it on three times the images; a resumed run may change it (default: every "
                + "style equally).",
            valueName: "shares"))
    var styleShares: String?

    @Option(
        name: .customLong("from"),
        help: """
            Start from this trained network (a checkpoint, full or model-only) instead of random weights: its \
            structure, its convolutions and, for each style, the scales and shifts of its nearest style (default: \
            random weights).
            """
    )
    var base: String?

    @Option(
        help: ArgumentHelp(
            "Which parameters to train: all, or norm (only the normalizations' scales and shifts, the style's own; "
                + "needs --from) (default: all).",
            valueName: "all|norm"))
    var train: TrainedParameters?

    @Option(help: "Training photographs: a folder (searched recursively) or an HDF5 pack (faststyle dataset pack).")
    var dataset: String

    @Option(help: "A folder of validation photographs: loss measured and samples written on them (default: none).")
    var val: String?

    @Option(help: "Where to write the checkpoint.")
    var checkpoint: String

    @Option(
        help: """
            Continue the run saved in this checkpoint: its options are used, --iterations or --epochs may extend it \
            (default: a new run).
            """
    )
    var resume: String?

    @Flag(
        help: """
            Let a new run replace an existing checkpoint and its history, plot and samples (default: refuse, and say \
            how to continue that run).
            """
    )
    var overwrite = false

    // Training settings are optional so that the ones given are known: a resumed run keeps the
    // checkpoint's, and a differing one given with --resume is an error, not silently ignored.
    private static let defaults = TrainingSettings()

    @Option(
        parsing: .unconditional, help: "Side of the square training crops, in pixels (default: \(defaults.imageSize)).")
    var imageSize: Int?

    @Option(
        parsing: .unconditional,
        help: "Side of the crops of the last --final-iterations iterations (default: --image-size throughout).")
    var finalImageSize: Int?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "How many of the last iterations train on --final-image-size crops: a number, or a share of the run such "
                + "as 8% (which under --time follows the planned run) (default: none).",
            valueName: "n|p%"))
    var finalIterations: IterationSpan?

    @Option(parsing: .unconditional, help: "Images per step (default: \(defaults.batchSize)).")
    var batchSize: Int?

    @Option(
        parsing: .unconditional, help: "Training steps (default: \(defaults.iterations), or as many as --epochs make).")
    var iterations: Int?

    @Option(
        parsing: .unconditional,
        help: "Passes over the dataset, instead of --iterations (default: none, --iterations decides).")
    var epochs: Double?

    @Option(
        name: .customLong("time"),
        help: ArgumentHelp(
            "Train for this long instead of a set number of iterations (e.g. 25m, 1h30m; a number is minutes): the "
                + "steps are timed and as many iterations planned as fit, the schedules following them (default: "
                + "none, --iterations decides).",
            valueName: "duration"))
    var timeBudget: DurationArgument?

    @Option(parsing: .unconditional, help: "Adam's learning rate (default: \(defaults.learningRate)).")
    var learningRate: Float?

    @Option(
        parsing: .unconditional,
        help: """
            Multiply the learning rate by --lr-decay-factor every this many iterations (0: never) (default: \
            \(defaults.learningRateDecayEvery)).
            """
    )
    var lrDecayEvery: Int?

    @Option(
        parsing: .unconditional, help: "The learning-rate decay factor (default: \(defaults.learningRateDecayFactor)).")
    var lrDecayFactor: Float?

    @Option(
        help: ArgumentHelp(
            "The learning rate over the run: constant, or cosine (from the rate after the warm-up down to 0 at the "
                + "last iteration) (default: \((defaults.learningRateSchedule ?? .constant).rawValue)).",
            valueName: "constant|cosine"))
    var lrSchedule: LearningRateSchedule?

    @Option(
        parsing: .unconditional,
        help: """
            Raise the learning rate linearly over the first N iterations (0: none) (default: \
            \(defaults.warmupIterations ?? 0)).
            """
    )
    var lrWarmup: Int?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Lower the learning rate linearly towards 0 over the last N iterations (or a share of the run such as "
                + "8%); the rate before them stays as it is, so a longer run follows the same trajectory until its "
                + "own last N (0: none) (default: \(defaults.cooldownIterations ?? 0)).",
            valueName: "n|p%"))
    var lrCooldown: IterationSpan?

    @OptionGroup var lossOptions: LossOptions<LibraryLossDefaults>

    @Option(
        parsing: .unconditional,
        help: """
            Long side of the style image when its Gram matrices are computed (0: as it is) (default: \
            \(defaults.styleSize ?? 0)).
            """
    )
    var styleSize: Int?

    @Option(
        help: """
            Network architecture: johnson (the default), light (half its widths, \
            \(Architecture.light)) or an architecture string (see docs/architecture.md).
            """
    )
    var arch: String?

    @Option(help: "Normalization: instance or batch (default: \(defaults.network.normalization.rawValue)).")
    var norm: TransformerSettings.Normalization?

    @Option(
        help:
            "Padding of the network's convolutions: reflection or zero (default: \(defaults.network.padding.rawValue))."
    )
    var padding: TransformerSettings.Padding?

    @Option(
        help: """
            Upsampling: nearest (then convolve) or transposed (fractionally strided convolution) (default: \
            \(defaults.network.upsampling.rawValue)).
            """
    )
    var upsample: TransformerSettings.Upsampling?

    @Option(
        help: """
            Output activation: tanh (scaled to 0…255) or linear (clamped when saved) (default: \
            \(defaults.network.outputActivation.rawValue)).
            """
    )
    var outputActivation: TransformerSettings.OutputActivation?

    @OptionGroup var weights: VGGWeightsOption
    @OptionGroup var imageOptions: ImageReadingOptions
    @OptionGroup var convolution: ConvolutionOptions<FastestConvolutions>

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Weight of the stability term: the output of each crop moved by a few pixels, with noise, should be "
                + "the output moved (steadier video; a resumed run may change it) (default: 0, none).",
            valueName: "weight"))
    var stabilityWeight: Float?

    @Option(
        parsing: .unconditional, help: "Random seed: initialization, data order, crops (default: \(defaults.seed)).")
    var seed: UInt64?

    @Option(
        parsing: .unconditional, help: "Save a checkpoint every N iterations (default: \(defaults.checkpointEvery)).")
    var checkpointEvery: Int?

    @Option(
        parsing: .unconditional,
        help: "Measure the validation loss every N iterations (needs --val) (default: \(defaults.validationEvery)).")
    var valEvery: Int?

    @Option(
        parsing: .unconditional,
        help: """
            Write stylized validation images every N iterations (needs --val; 0: never) (default: \
            \(defaults.sampleEvery)).
            """
    )
    var sampleEvery: Int?

    @Option(
        parsing: .unconditional,
        help: "CPU threads (default: all cores; under mpirun, the cores shared by the processes on each machine).")
    var threads: Int?

    func validate() throws {
        if [iterations != nil, epochs != nil, timeBudget != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give one of --iterations, --epochs and --time")
        }
        if resume == nil && style.isEmpty && styles == nil {
            throw ValidationError("--style or --styles is required (unless --resume)")
        }
        if train == .norm && base == nil && resume == nil {
            throw ValidationError("--train norm needs --from: a new network's convolutions must be trained")
        }
        if base != nil, resume != nil {
            throw ValidationError("give --from for a new run, not with --resume (the run keeps its own start)")
        }
        if base != nil,
            let flag = [
                (arch, "--arch"), (norm?.rawValue, "--norm"), (padding?.rawValue, "--padding"),
                (upsample?.rawValue, "--upsample"), (outputActivation?.rawValue, "--output-activation"),
            ]
            .first(where: { $0.0 != nil })?.1
        {
            throw ValidationError("\(flag) cannot be given with --from: the network's structure is the base network's")
        }
        if let threads { try ThreadCount.validate(threads) }
        if let styleShares { try ErrorMessage.validating { _ = try StyleShares(styleShares) } }
        let settings = try trainingSettings()
        try ErrorMessage.validating {
            try settings.validate()
            if let epochs { _ = try settings.iterations(forEpochs: epochs, imageCount: 1) }
            // A new run's step must fit in memory; a resumed one is checked with its own options.
            if resume == nil { try WorkingMemory.requireTraining(settings) }
        }
    }

    /// The options of a new run, as the flags give them (iterations as --iterations says; --epochs
    /// needs the dataset's size).
    private func trainingSettings() throws -> TrainingSettings {
        var settings = TrainingSettings()
        let styleFiles = try styleImagePaths().map { URL(fileURLWithPath: $0).lastPathComponent }
        if styleFiles.count == 1 { settings.styleImage = styleFiles[0] }
        if styleFiles.count > 1 {
            settings.styleImages = styleFiles
            settings.network.styles = styleFiles.count
        }
        if let base { settings.base = URL(fileURLWithPath: base).lastPathComponent }
        if let styleSize { settings.styleSize = styleSize > 0 ? styleSize : nil }
        for binding in Self.bindings { binding.apply(self, &settings) }
        resolveSpans(&settings)
        settings.loss = try lossOptions.settings()
        if let arch { try ErrorMessage.validating { settings.network.architecture = try Architecture(named: arch) } }
        return settings
    }

    /// The flags that set a training option as they are given, one line each.
    private static let bindings: [OptionBinding<TrainCommand, TrainingSettings>] = [
        .init(.trainedParameters, \.train, \.trainedParameters),
        .init(.imageSize, \.imageSize, \.imageSize),
        .init(.finalImageSize, \.finalImageSize, \.finalImageSize),
        .init(.batchSize, \.batchSize, \.batchSize),
        .init(.iterations, \.iterations, \.iterations),
        .init(.learningRate, \.learningRate, \.learningRate),
        .init(.learningRateDecayEvery, \.lrDecayEvery, \.learningRateDecayEvery),
        .init(.learningRateDecayFactor, \.lrDecayFactor, \.learningRateDecayFactor),
        .init(.learningRateSchedule, \.lrSchedule, \.learningRateSchedule),
        .init(.warmupIterations, \.lrWarmup, \.warmupIterations),
        .init(.normalization, \.norm, \.network.normalization),
        .init(.padding, \.padding, \.network.padding),
        .init(.upsampling, \.upsample, \.network.upsampling),
        .init(.outputActivation, \.outputActivation, \.network.outputActivation),
        .init(.seed, \.seed, \.seed),
        .init(.checkpointEvery, \.checkpointEvery, \.checkpointEvery),
        .init(.validationEvery, \.valEvery, \.validationEvery),
        .init(.sampleEvery, \.sampleEvery, \.sampleEvery),
        .init(.stabilityWeight, \.stabilityWeight, \.stabilityWeight),
    ]

    /// The style images: each --style, then the images of --styles.
    private func styleImagePaths() throws -> [String] {
        guard let styles else { return style }
        let folder = try ImageFolder(path: styles)
        return style + (0..<folder.count).map(folder.filePath(at:))
    }

    /// --final-iterations and --lr-cooldown in iterations of a run of `options.iterations`.
    private func resolveSpans(_ settings: inout TrainingSettings) {
        if let finalIterations { settings.finalIterations = finalIterations.count(of: settings.iterations) }
        if let lrCooldown { settings.cooldownIterations = lrCooldown.count(of: settings.iterations) }
    }

    /// The settings given on the command line.
    private var givenSettings: Set<Setting> {
        let special: [(Any?, Setting)] = [
            (style.isEmpty && styles == nil ? nil : style, .styleImage), (base, .base), (styleSize, .styleSize),
            (finalIterations, .finalIterations), (lrCooldown, .cooldownIterations), (arch, .architecture),
            (styleShares, .styleShares),
        ]
        return Set(
            special.compactMap { $0.0 == nil ? nil : $0.1 } + Self.bindings.filter { $0.isGiven(self) }.map(\.setting)
        )
        .union(lossOptions.givenSettings)
    }

    func run() throws {
        let deadline = timeBudget.map { Date(timeIntervalSinceNow: $0.seconds) }
        if let threads {
            try ThreadCount.limit(to: threads)
        } else if TrainingLaunch.isLaunched, let local = TrainingLaunch.processesOnThisMachine, local > 1 {
            // Processes on one machine share its cores; more threads than cores would make every
            // process wait for the others' threads.
            try ThreadCount.limit(to: max(1, ProcessInfo.processInfo.activeProcessorCount / local))
        }
        do {
            try TrainingLaunch.run(
                { group in
                    let prefix = group.isDistributed ? "\(group.name): " : ""
                    try train(
                        TrainingSession(
                            request: try trainingRequest(until: deadline), group: group,
                            onSkip: Self.warnSkipped(prefix)),
                        until: deadline)
                },
                alone: { process, error in
                    // Only this process knows: it names itself and ends the job, or the others would wait for it.
                    let text = (error as? ExitCode).map { "exit status \($0.rawValue)" } ?? ErrorMessage.text(error)
                    Diagnostics.error("\(process): \(text)")
                    return (error as? ExitCode)?.rawValue ?? 1
                })
        } catch let stop as TrainingLaunch.StoppedTogether {
            // Every process threw it at the same step: rank 0 says why, all left MPI together.
            guard stop.isRankZero else { throw ExitCode.failure }
            throw CommandError("\(ErrorMessage.text(stop.reason)) (last checkpoint: \(checkpoint))")
        }
    }

    /// The run the flags ask for.
    private func trainingRequest(until deadline: Date?) throws -> TrainingRequest {
        var request = TrainingRequest(
            settings: try trainingSettings(), given: givenSettings, dataset: dataset, checkpoint: checkpoint,
            vggPath: try weights.path)
        request.styleImages = try styleImagePaths()
        request.base = try base.map { (try NetworkFile.checkpoint(at: $0), $0) }
        request.resume = resume
        request.epochs = epochs
        request.styleShares = try styleShares.map(StyleShares.init)
        request.deadline = deadline
        request.finalIterations = finalIterations
        request.cooldown = lrCooldown
        request.validationFolder = val
        request.overwrite = overwrite
        request.readSettings = imageOptions.readSettings
        request.policy = try convolution.policy()
        return request
    }

    /// Trains `session`, this process's part of the run (alone: the whole run).
    private func train(_ session: TrainingSession, until deadline: Date?) throws {
        let group = session.trainer.group
        if let resume, group.rank == 0 {
            print(
                "train: resuming \(resume) at iteration \(session.trainer.iteration)"
                    + (deadline == nil ? " of \(session.trainer.settings.iterations)" : ""))
        }
        try run(session)
        let skipped = session.trainer.skippedImages
        if group.rank == 0, !skipped.isEmpty {
            print("train: skipped \(skipped.count) unreadable image(s): \(skipped.sorted().joined(separator: ", "))")
        }
    }

    /// Runs the session, printing its progress (rank 0 of a group only); Ctrl-C (or SIGTERM)
    /// stops it with a checkpoint.
    private func run(_ session: TrainingSession) throws {
        let trainer = session.trainer, group = trainer.group
        let speaks = group.rank == 0
        let o = trainer.settings, l = o.loss
        if speaks {
            let iterations =
                session.budget.map { "iterations to fill \(DurationText.format($0.deadline.timeIntervalSinceNow))" }
                ?? "\(o.iterations) iterations"
            if let base = o.base, let nearest = trainer.baseStyles {
                print(
                    "train: from \(base): its convolutions\(o.trainedParameters == .norm ? " (kept)" : ""), and the "
                        + "scales and shifts of its "
                        + "nearest style\(nearest.count == 1 ? "" : "s"), \(nearest.joined(separator: ", "))")
            }
            let trained =
                o.trainedParameters == .norm
                ? "\(trainer.parameterCount) parameters trained (the normalizations')"
                : "\(trainer.parameterCount) parameters"
            let styles = trainer.styleCount > 1 ? " for \(trainer.styleCount) styles" : ""
            print(
                "train: \(trained)\(styles), \(o.network.architecture), "
                    + "\(CheckpointSummary.recipe(o, budget: session.budget)), "
                    + "\(iterations); content \(l.contentLayers.joined(separator: ",")) ×\(l.contentWeight), "
                    + "style \(l.styleLayers.joined(separator: ",")) ×\(l.styleWeight), TV "
                    + "×\(l.totalVariationWeight), \(l.pooling.rawValue) pooling"
            )
            if group.isDistributed {
                let share = group.share(of: o.batchSize)
                let threads =
                    ProcessInfo.processInfo.environment["OMP_NUM_THREADS"].map { "\($0) thread(s) each" }
                    ?? "all cores each"
                print(
                    "train: \(group.size) processes (mpirun), \(threads), rank 0 on \(group.host) with \(share.count) "
                        + "of every \(o.batchSize) images"
                        + (o.batchSize % group.size == 0
                            ? ""
                            : " (shares of \(o.batchSize / group.size) or \(o.batchSize / group.size + 1): "
                                + "the processes with more set the pace)"))
            }
        }
        let checkpointPath = checkpoint
        let signals = SignalWatcher(announce: speaks) { number in
            guard group.isDistributed else { return session.requestStop() }
            // mpirun kills its processes one second after passing on the signal: no waiting for the
            // step in progress; rank 0 saves the last completed one at once and every process ends.
            // The others wait while it writes: a peer that is gone makes MPI end rank 0 at its next
            // collective operation, in the middle of the write.
            guard speaks else {
                Thread.sleep(forTimeInterval: 10)
                _exit(128 + number)
            }
            do {
                let iteration = try session.saveAndHalt()
                // On stderr: mpirun, ending the job, stopped passing on this process's stdout (seen with a
                // file as its output).
                Diagnostics.warning(
                    "stopped by signal \(number) at iteration \(iteration); resume with --resume \(checkpointPath)")
            } catch {
                Diagnostics.error(
                    "\(group.name): stopped by signal \(number) but the checkpoint could not be saved: "
                        + "\(ErrorMessage.text(error))"
                )
            }
            fflush(stdout)
            _exit(128 + number)
        }
        let start = Date(), firstIteration = trainer.iteration
        var display = ProgressDisplay()
        var planned = session.budget == nil
        let outcome: TrainingOutcome
        do {
            outcome = try session.run { event in
                if case .planned = event { planned = true }
                if speaks { Self.show(event, on: &display, planned: planned) }
            }
        } catch let error as TrainingError {
            display.finish()
            throw CommandError("\(ErrorMessage.text(error)) (last checkpoint: \(checkpoint))")
        }
        display.finish()
        switch outcome {
        case .stopped:
            let signal = signals.signal ?? SIGINT
            print(
                "train: stopped by signal \(signal) at iteration \(trainer.iteration); resume with --resume "
                    + "\(checkpoint)"
            )
            throw ExitCode(128 + signal)
        case .finished:
            guard speaks else { return }
            let steps = max(1, trainer.iteration - firstIteration)
            let seconds = Date().timeIntervalSince(start)
            print(
                "train: done, \(trainer.iteration) iterations in \(DurationText.format(trainer.seconds)) "
                    + "(this run \(DurationText.format(seconds))); checkpoint \(checkpoint)")
            if group.isDistributed {
                print(
                    String(
                        format:
                            "train: gradient allreduce %.3f s per step (%.1f%% of this run), and %.3f s per step "
                            + "waiting for "
                            + "the slowest process (rank 0)", group.reductionSeconds / Double(steps),
                        100 * group.reductionSeconds / max(seconds, 1e-9),
                        group.waitingSeconds / Double(steps)))
            }
        }
    }

    /// Prints an event; until a time budget's first plan the number of iterations is not known.
    private static func show(_ event: TrainingEvent, on display: inout ProgressDisplay, planned: Bool) {
        switch event {
        case let .validated(iteration, v) where iteration == 0:
            display.show(
                String(
                    format: "validation before training: total %.5g (content %.4g, style %.4g)", v.total, v.content,
                    v.style),
                permanent: true)
        case let .validated(_, v):
            display.show(
                String(
                    format: "  validation: total %.5g (content %.4g, style %.4g, tv %.4g)", v.total, v.content, v.style,
                    v.totalVariation), permanent: true)
        case let .planned(iterations, secondsPerStep):
            display.show(
                String(format: "train: %d iterations fit in the time (%.3f s a step)", iterations, secondsPerStep),
                permanent: true)
        case let .stepped(p):
            let t = p.terms
            let line = String(
                format: "iter %5d/%@  content %.4g  style %.4g  tv %.4g  total %.5g  %.2f img/s  ETA %@",
                p.iteration, planned ? "\(p.iterations)" : "?", t.content, t.style, t.totalVariation, t.total,
                p.imagesPerSecond, planned ? DurationText.format(p.secondsLeft) : "?")
            display.show(line, permanent: p.iteration % 10 == 0 || p.isLast || p.stepsThisSession == 1)
        case .wroteSamples, .savedCheckpoint:
            break
        }
    }

    /// Warns of an unreadable training image (`prefix` names the process in a group: each reads its own share).
    private static func warnSkipped(_ prefix: String) -> (String, Error) -> Void {
        { name, error in
            Diagnostics.warning(
                "\(prefix)skipping unreadable training image \(name): \(ErrorMessage.text(error))", interrupting: true)
        }
    }
}

extension TransformerSettings.Normalization: ExpressibleByArgument {}
extension TransformerSettings.Upsampling: ExpressibleByArgument {}
extension TransformerSettings.OutputActivation: ExpressibleByArgument {}
extension TransformerSettings.Padding: ExpressibleByArgument {}
extension LearningRateSchedule: ExpressibleByArgument {}
extension TrainedParameters: ExpressibleByArgument {}
