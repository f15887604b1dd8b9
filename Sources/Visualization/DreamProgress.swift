/// Where a DeepDream run is, reported after every step.
import StyleTransfer
public struct DreamProgress: Sendable {
    /// The octave (from 1, smallest first) and how many there are.
    public let octave: Int
    public let octaves: Int
    /// The step within the octave (from 1) and the steps per octave.
    public let iteration: Int
    public let iterations: Int
    public let width: Int
    public let height: Int
    /// The layer's ½‖a‖² before the step, per unit of the layer (so octaves compare).
    public let objective: Double
    public let seconds: Double
}
