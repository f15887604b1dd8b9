/// Why training cannot go on. A step that throws changes nothing, so the last checkpoint stays
/// the last good state.
public enum TrainingError: SettingError, Equatable {
    /// The loss of step `iteration` (1-based) is NaN or infinite.
    case lossNotFinite(Double, iteration: Int)
    /// A gradient of step `iteration` is NaN or infinite.
    case gradientNotFinite(iteration: Int)
    /// A checkpoint's optimizer state does not fit the network it was saved with.
    case optimizerStateMismatch(entries: Int, parameters: Int)
    /// `step()` without a batch on a trainer made without training data.
    case noTrainingData

    public func message(naming name: (Setting) -> String) -> String {
        switch self {
        case let .lossNotFinite(value, iteration):
            return "the loss became \(value) at iteration \(iteration); the last checkpoint is kept. "
                + "Try a smaller \(name(.learningRate)) or smaller loss weights (\(name(.contentWeight)), "
                + "\(name(.styleWeight)))."
        case let .gradientNotFinite(iteration):
            return "a gradient became NaN or infinite at iteration \(iteration); the last checkpoint is kept. "
                + "Try a smaller \(name(.learningRate))."
        case let .optimizerStateMismatch(entries, parameters):
            return "the checkpoint's optimizer state has \(entries) entries, the network \(parameters) parameters"
        case .noTrainingData:
            return "no training data: give each step its batch"
        }
    }
}
