/// Where a neuron's visualization is, reported after every step.
import StyleTransfer
public struct NeuronProgress: Sendable {
    public let iteration: Int
    public let iterations: Int
    /// The channel's objective (mean or centre activation) before the step.
    public let activation: Double
    public let seconds: Double
}
