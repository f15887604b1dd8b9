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
