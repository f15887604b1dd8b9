/// Everything a training run is configured with; saved in every checkpoint (as JSON) so that a
/// resumed run continues with the same settings and `compare` can rebuild the same loss.
public struct TrainingOptions: Codable, Equatable, Sendable {
    /// File name of the style image (for the record; the Gram targets are stored too).
    public var styleImage = ""
    /// Long side of the style image when its Gram matrices are computed (nil: as it is).
    public var styleSize: Int? = 512
    /// Side of the square training crops.
    public var imageSize = 256
    public var batchSize = 4
    public var iterations = 2000
    public var learningRate: Float = 1e-3
    /// The learning rate is multiplied by `learningRateDecayFactor` every
    /// `learningRateDecayEvery` iterations (0: never), as Johnson's `lr_decay_every`.
    public var learningRateDecayEvery = 0
    public var learningRateDecayFactor: Float = 0.5
    public var loss = LossConfiguration()
    public var network = TransformerOptions()
    public var seed: UInt64 = 0
    public var checkpointEvery = 100
    public var validationEvery = 100
    public var sampleEvery = 100

    public init() {}

    /// The learning rate in force at `iteration` (0-based).
    public func learningRate(at iteration: Int) -> Float {
        guard learningRateDecayEvery > 0 else { return learningRate }
        var rate = learningRate
        for _ in 0..<(iteration / learningRateDecayEvery) { rate *= learningRateDecayFactor }
        return rate
    }
}
