/// What a `TrainingSession` reports as it goes.
public enum TrainingEvent {
    /// The loss on the validation photographs: before the first step (iteration 0) and after
    /// the steps that measure it.
    case validated(iteration: Int, terms: LossTerms)
    /// A step done.
    case stepped(TrainingProgress)
    /// Stylized validation photographs written, at these paths.
    case wroteSamples(iteration: Int, paths: [String])
    /// The checkpoint and its history files written.
    case savedCheckpoint(iteration: Int)
}

/// Where a run stands after a step.
public struct TrainingProgress: Sendable {
    /// The step just done (1-based) and the last one.
    public var iteration: Int
    public var iterations: Int
    public var terms: LossTerms
    /// Steps this session has taken (a resumed run counts from where it resumed).
    public var stepsThisSession: Int
    /// Training images per second over this session, and the seconds the remaining steps will
    /// take at that rate.
    public var imagesPerSecond: Double
    public var secondsLeft: Double

    public var isLast: Bool { iteration == iterations }
}

/// How a session ended.
public enum TrainingOutcome: Equatable, Sendable {
    /// At the last iteration.
    case finished
    /// Told to stop (`TrainingSession.requestStop()`), after saving a checkpoint.
    case stopped
}
