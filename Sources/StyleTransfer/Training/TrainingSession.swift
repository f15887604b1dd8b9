import Foundation

/// Runs a trainer to its last iteration by the rules of a training run:
/// - the validation loss before the first step of a new run, every `validationEvery`
///   iterations and at the end; samples every `sampleEvery` iterations (0: never) and at the
///   end; both only with validation photographs;
/// - a checkpoint, with its history beside it (`TrainingFiles`), every `checkpointEvery`
///   iterations and at the end;
/// - told to stop (from any thread, e.g. on a signal), it saves a checkpoint before the next
///   step and returns; a non-finite loss or gradient throws `TrainingError` and leaves the last
///   good checkpoint as it was.
/// - in a group of processes (data-parallel), every process runs its session in step; the
///   validation loss is measured on shares of the photographs, the parameters are checked to
///   agree before every checkpoint, and only rank 0 writes files. A stop there cannot wait for
///   the next step (`saveAndHalt()`).
public final class TrainingSession {
    public let trainer: Trainer
    public let files: TrainingFiles
    public let validation: ValidationImages?
    /// The deadline that decides the iterations (nil: the settings' iterations).
    public let budget: TrainingBudget?
    private let lock = NSLock()
    private var stopRequested = false

    public init(trainer: Trainer, files: TrainingFiles, validation: ValidationImages?, budget: TrainingBudget? = nil) {
        self.trainer = trainer
        self.files = files
        self.validation = validation
        self.budget = budget
    }

    /// Stops the session before its next step, with a checkpoint.
    public func requestStop() {
        lock.withLock { stopRequested = true }
    }

    private var shouldStop: Bool { lock.withLock { stopRequested } }

    public func run(report: (TrainingEvent) -> Void = { _ in }) throws -> TrainingOutcome {
        var settings = trainer.settings
        let firstIteration = trainer.iteration
        let start = Date()
        if firstIteration == 0, let validation {
            report(.validated(iteration: 0, terms: try trainer.validationLoss(validation.crops)))
        }
        var clock: TrainingBudget.Clock?
        var reported = 0
        while trainer.iteration < settings.iterations {
            if shouldStop {
                try save(report)
                return .stopped
            }
            let terms = try trainer.step()
            if let (planned, secondsPerStep) = budget?.plan(
                after: trainer.iteration, firstIteration: firstIteration,
                settings: settings, clock: &clock)
            {
                try trainer.plan(iterations: planned) { budget!.fitted($0, to: $0.iterations) }
                settings = trainer.settings
                if reported == 0 || abs(planned - reported) * 20 > reported {
                    report(.planned(iterations: planned, secondsPerStep: secondsPerStep))
                    reported = planned
                }
            }
            let i = trainer.iteration
            let steps = i - firstIteration
            let elapsed = max(Date().timeIntervalSince(start), 1e-9)
            let rate = Double(steps * settings.batchSize) / elapsed
            // The steps left at the pace so far, final crops costing their area.
            let pace = elapsed / max(TrainingBudget.steps(of: settings, from: firstIteration, to: i), 1e-9)
            let progress = TrainingProgress(
                iteration: i, iterations: settings.iterations, terms: terms, stepsThisSession: steps,
                imagesPerSecond: rate,
                secondsLeft: TrainingBudget.seconds(
                    of: settings, from: i, to: settings.iterations,
                    secondsPerStep: pace))
            report(.stepped(progress))
            if let validation {
                if i % settings.validationEvery == 0 || progress.isLast {
                    report(.validated(iteration: i, terms: try trainer.validationLoss(validation.crops)))
                }
                if trainer.isWriter, settings.sampleEvery > 0, !validation.samples.isEmpty,
                    i % settings.sampleEvery == 0 || progress.isLast
                {
                    report(.wroteSamples(iteration: i, paths: try files.writeSamples(validation.samples, by: trainer)))
                }
            }
            if i % settings.checkpointEvery == 0 || progress.isLast {
                try save(report)
            }
        }
        return .finished
    }

    private func save(_ report: (TrainingEvent) -> Void) throws {
        try trainer.requireSameParameters()
        if trainer.isWriter { try trainer.exclusively { try files.save(trainer) } }
        report(.savedCheckpoint(iteration: trainer.iteration))
    }

    /// From any thread, for a stop that cannot wait for the step in progress (under `mpirun`,
    /// whose processes are killed a second after its SIGTERM): saves the checkpoint of the last
    /// completed step (rank 0 only) and keeps the session from going on (`Trainer.halt()`);
    /// returns that step. End the process afterwards.
    public func saveAndHalt() throws -> Int {
        let saved = trainer.halt()
        if trainer.isWriter { try files.save(saved) }
        return saved.iteration
    }
}
