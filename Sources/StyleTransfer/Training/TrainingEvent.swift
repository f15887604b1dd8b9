/// What a `TrainingSession` reports as it goes.
public enum TrainingEvent {
    /// The loss on the validation photographs: before the first step (iteration 0) and after
    /// the steps that measure it.
    case validated(iteration: Int, terms: LossTerms)
    /// The iterations a time budget has room for, planned from the seconds a step takes (at the
    /// first crop size); reported at the first plan and whenever it changes by more than 5%.
    case planned(iterations: Int, secondsPerStep: Double)
    /// A step done.
    case stepped(TrainingProgress)
    /// Stylized validation photographs written, at these paths.
    case wroteSamples(iteration: Int, paths: [String])
    /// The checkpoint and its history files written.
    case savedCheckpoint(iteration: Int)
}
