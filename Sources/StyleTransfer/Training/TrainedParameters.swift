/// Which of a network's parameters a run trains.
public enum TrainedParameters: String, Codable, Sendable, CaseIterable {
    /// Every parameter: convolutions and normalizations.
    case all
    /// Only the normalizations' scales and shifts (a style's own parameters), the convolutions
    /// kept as the base network has them; as Magenta's fine-tuning of a new style (Dumoulin et al.).
    case norm
}
