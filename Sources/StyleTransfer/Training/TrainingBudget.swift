import Foundation

/// A run that must end by a deadline rather than after a set number of iterations: the session
/// times its steps and plans how many iterations fit in the time left, again as it goes (the
/// machine's speed drifts, and validation, samples and checkpoints take their share). The
/// schedules (warm-up, cosine, final crops) follow the planned count, so the run still ends
/// with its small steps and its final crops, just before the deadline.
public struct TrainingBudget: Sendable {
    public let deadline: Date
    /// The final crops' and the cooldown's iterations as shares of the planned run (nil: as the
    /// settings give them).
    public let finalShare: Double?
    public let cooldownShare: Double?
    /// Steps timed before the first plan; the first step of a session is not timed (it measures
    /// the convolutions' algorithms).
    public static let calibrationSteps = 10
    /// Planned again every this many steps.
    public static let replanEvery = 50
    /// Kept in hand for what comes after the last step (a validation, samples, the checkpoint).
    public static let reserveSeconds = 10.0

    public init(deadline: Date, finalShare: Double? = nil, cooldownShare: Double? = nil) {
        self.deadline = deadline
        self.finalShare = finalShare
        self.cooldownShare = cooldownShare
    }

    /// `settings` for a run of `total` iterations: the final crops and the cooldown their shares of it.
    public func fitted(_ settings: TrainingSettings, to total: Int) -> TrainingSettings {
        var fitted = settings
        fitted.iterations = total
        if let finalShare, fitted.finalImageSize != nil {
            fitted.finalIterations = IterationSpan.share(finalShare).count(of: total)
        }
        if let cooldownShare { fitted.cooldownIterations = IterationSpan.share(cooldownShare).count(of: total) }
        return fitted
    }

    /// Where the timing of a session stands: when and at which iteration it started (after the
    /// session's first step).
    struct Clock {
        let since: Date
        let from: Int
    }

    /// Called after each step of a session that started at `firstIteration`: starts the clock
    /// after the first step, and on the steps that plan returns the iterations that fit and the
    /// seconds a step of `settings.imageSize`² crops took; nil on the others.
    func plan(after iteration: Int, firstIteration: Int, settings: TrainingSettings, clock: inout Clock?) -> (
        iterations: Int, secondsPerStep: Double
    )? {
        guard let started = clock else {
            clock = Clock(since: Date(), from: iteration)
            return nil
        }
        let steps = iteration - firstIteration
        guard steps > Self.calibrationSteps, (steps - Self.calibrationSteps - 1) % Self.replanEvery == 0 else {
            return nil
        }
        let secondsPerStep =
            Date().timeIntervalSince(started.since) / Self.steps(of: settings, from: started.from, to: iteration)
        let left = deadline.timeIntervalSinceNow - Self.reserveSeconds
        return (
            iterations(for: settings, from: iteration, secondsPerStep: secondsPerStep, secondsLeft: left),
            secondsPerStep
        )
    }

    /// The iterations of `settings` that fit in `secondsLeft`, from iteration `current` on, when a
    /// step at `settings.imageSize` takes `secondsPerStep` (steps on other crop sizes cost in
    /// proportion to their area). At least one more step; at most the bound on iterations.
    public func iterations(
        for settings: TrainingSettings, from current: Int, secondsPerStep: Double, secondsLeft: Double
    ) -> Int {
        func cost(_ total: Int) -> Double {
            Self.seconds(of: fitted(settings, to: total), from: current, to: total, secondsPerStep: secondsPerStep)
        }
        // The cost grows with the total (each added iteration is one more step), so bisect.
        var low = current + 1, high = SettingBounds.iterations.upperBound
        guard cost(low) < secondsLeft else { return low }
        while low < high {
            let middle = low + (high - low + 1) / 2
            if cost(middle) <= secondsLeft { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Seconds that iterations `start..<end` of `settings` take at `secondsPerStep` per step of
    /// `settings.imageSize`² crops.
    static func seconds(of settings: TrainingSettings, from start: Int, to end: Int, secondsPerStep: Double) -> Double {
        steps(of: settings, from: start, to: end) * secondsPerStep
    }

    /// Iterations `start..<end` of `settings` counted in steps of `settings.imageSize`² crops: the
    /// final crops are those of the last `finalIterations` of the run's `settings.iterations`
    /// (not of `end`: a window early in the run has none).
    public static func steps(of settings: TrainingSettings, from start: Int, to end: Int) -> Double {
        guard end > start else { return 0 }
        guard let side = settings.finalImageSize, let last = settings.finalIterations else {
            return Double(end - start)
        }
        let base = Double(settings.imageSize * settings.imageSize)
        let finalStart = min(max(start, settings.iterations - last), end)
        return Double(finalStart - start) + Double(end - finalStart) * Double(side * side) / base
    }
}
