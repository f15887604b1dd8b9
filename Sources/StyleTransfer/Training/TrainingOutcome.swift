/// How a session ended.
public enum TrainingOutcome: Equatable, Sendable {
    /// At the last iteration.
    case finished
    /// Told to stop (`TrainingSession.requestStop()`), after saving a checkpoint.
    case stopped
}
