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

    /// The smallest training crop: the default network's 3×3 convolutions at a quarter of the
    /// size then still see more than their padding.
    public static let minimumImageSize = 16

    /// Throws the first setting training cannot run with.
    public func validate() throws {
        guard imageSize >= Self.minimumImageSize else {
            throw InvalidSetting(.imageSize, imageSize, "must be at least \(Self.minimumImageSize) pixels")
        }
        try InvalidSetting.requirePositive(batchSize, .batchSize)
        try InvalidSetting.requirePositive(iterations, .iterations)
        guard learningRate > 0, learningRate.isFinite else { throw InvalidSetting(.learningRate, learningRate, "must be positive") }
        try InvalidSetting.requireNotNegative(learningRateDecayEvery, .learningRateDecayEvery)
        guard learningRateDecayFactor > 0, learningRateDecayFactor.isFinite else {
            throw InvalidSetting(.learningRateDecayFactor, learningRateDecayFactor, "must be positive")
        }
        if let styleSize { try InvalidSetting.requirePositive(styleSize, .styleSize) }
        try InvalidSetting.requirePositive(checkpointEvery, .checkpointEvery)
        try InvalidSetting.requirePositive(validationEvery, .validationEvery)
        try InvalidSetting.requireNotNegative(sampleEvery, .sampleEvery)
        try loss.validate()
    }

    /// The iterations that make `epochs` passes over `imageCount` images (the last one rounded up).
    public func iterations(forEpochs epochs: Double, imageCount: Int) throws -> Int {
        guard epochs > 0, epochs.isFinite else { throw InvalidSetting(.epochs, epochs, "must be positive") }
        return Int((Double(imageCount) * epochs / Double(batchSize)).rounded(.up))
    }

    /// The learning rate in force at `iteration` (0-based).
    public func learningRate(at iteration: Int) -> Float {
        guard learningRateDecayEvery > 0 else { return learningRate }
        var rate = learningRate
        for _ in 0..<(iteration / learningRateDecayEvery) { rate *= learningRateDecayFactor }
        return rate
    }
}
