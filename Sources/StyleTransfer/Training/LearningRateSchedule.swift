/// How the learning rate changes over a training run.
public enum LearningRateSchedule: String, Codable, CaseIterable, Sendable {
    /// The rate as given (with its step decay, if any).
    case constant
    /// Half a cosine from the rate (after the warm-up) to 0 at the last iteration: a short run
    /// ends with small steps that settle the network, which a constant rate never takes. The
    /// schedule spans the run's iterations, so a run resumed with more iterations follows the
    /// longer schedule from where it is.
    case cosine
}
