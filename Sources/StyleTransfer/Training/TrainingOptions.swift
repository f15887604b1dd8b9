import Foundation

/// Everything a training run is configured with; saved in every checkpoint (as JSON) so that a
/// resumed run continues with the same settings and `compare` can rebuild the same loss.
public struct TrainingOptions: Codable, Equatable, Sendable {
    /// File name of the style image (for the record; the Gram targets are stored too).
    public var styleImage = ""
    /// The style images' file names of a network trained for several styles, in the order of its
    /// styles (nil: one style, `styleImage`). Each style is known by its file's name without the
    /// extension (`styleNames`).
    public var styleImages: [String]?
    /// The file name of the network this run started from (`faststyle train --from`), for the
    /// record; nil: from random weights.
    public var base: String?
    /// Which parameters the run trains (nil: all).
    public var trainedParameters: TrainedParameters?
    /// Long side of the style image when its Gram matrices are computed (nil: as it is).
    public var styleSize: Int? = 512
    /// Side of the square training crops.
    public var imageSize = 256
    /// Side of the crops of the last `finalIterations` iterations (nil: `imageSize` throughout).
    /// Small crops early are cheap steps; larger ones at the end give the network the statistics
    /// (instance normalization over a whole picture, strokes against its size) of the pictures it
    /// will stylize.
    public var finalImageSize: Int?
    public var finalIterations: Int?
    public var batchSize = 4
    public var iterations = 2000
    public var learningRate: Float = 1e-3
    /// The learning rate is multiplied by `learningRateDecayFactor` every
    /// `learningRateDecayEvery` iterations (0: never), as Johnson's `lr_decay_every`.
    public var learningRateDecayEvery = 0
    public var learningRateDecayFactor: Float = 0.5
    /// How the rate changes over the run besides the step decay (nil, as in checkpoints written
    /// before schedules existed: constant).
    public var learningRateSchedule: LearningRateSchedule?
    /// Iterations over which the rate rises linearly from rate/N to the rate (nil or 0: none).
    public var warmupIterations: Int?
    /// Iterations at the end of the run over which the rate falls linearly towards 0 (nil or 0:
    /// none). Unlike a cosine over the whole run, the rate before them does not depend on the
    /// run's length: a longer run follows a shorter one's trajectory up to its own cool-down.
    public var cooldownIterations: Int?
    public var loss = LossConfiguration()
    public var network = TransformerOptions()
    public var seed: UInt64 = 0
    public var checkpointEvery = 100
    public var validationEvery = 100
    public var sampleEvery = 100

    public init() {}

    /// The names of the network's styles, in order: the style images' file names without their
    /// extensions.
    public var styleNames: [String] { (styleImages ?? [styleImage]).map(StyleName.init(fileName:)).map(\.text) }

    /// The style image, or how many styles: for titles and summaries.
    public var styleTitle: String {
        guard let styleImages, styleImages.count > 1 else { return styleImages?.first ?? styleImage }
        return "\(styleImages.count) styles"
    }

    /// The smallest training crop: the default network's 3×3 convolutions at a quarter of the
    /// size then still see more than their padding.
    public static let minimumImageSize = 16

    /// Throws the first setting training cannot run with. Values read from a checkpoint go
    /// through here too, as strictly as the command line's.
    public func validate() throws {
        try network.validateStyles()
        if let styleImages {
            guard styleImages.count == network.styles else {
                throw InvalidSetting(.styleImage, "\(styleImages.count) images", "must give one image per style of the network (\(network.styles))")
            }
            try StyleName.requireDistinct(styleNames)
        } else if network.styles > 1 {
            throw InvalidSetting(.styleImage, "one image", "must give one image per style of the network (\(network.styles))")
        }
        try requireCropSide(imageSize, .imageSize)
        if let finalImageSize {
            try requireCropSide(finalImageSize, .finalImageSize)
            try SettingBounds.require(finalIterations ?? 0, in: SettingBounds.period, .finalIterations)
        } else if let finalIterations {
            throw InvalidSetting(.finalIterations, finalIterations, "is given without a final crop size")
        }
        try SettingBounds.require(batchSize, in: SettingBounds.batchSize, .batchSize)
        try SettingBounds.require(iterations, in: SettingBounds.iterations, .iterations)
        guard learningRate > 0, learningRate.isFinite else { throw InvalidSetting(.learningRate, learningRate, "must be positive") }
        if learningRateDecayEvery != 0 {
            try SettingBounds.require(learningRateDecayEvery, in: SettingBounds.period, .learningRateDecayEvery, unit: " (or 0: never)")
        }
        guard learningRateDecayFactor > 0, learningRateDecayFactor.isFinite else {
            throw InvalidSetting(.learningRateDecayFactor, learningRateDecayFactor, "must be positive")
        }
        if let warmupIterations, warmupIterations != 0 {
            try SettingBounds.require(warmupIterations, in: SettingBounds.period, .warmupIterations, unit: " (or 0: none)")
        }
        if let cooldownIterations, cooldownIterations != 0 {
            try SettingBounds.require(cooldownIterations, in: SettingBounds.period, .cooldownIterations, unit: " (or 0: none)")
        }
        if let styleSize { try SettingBounds.require(styleSize, in: SettingBounds.imageSide, .styleSize, unit: " pixels") }
        try SettingBounds.require(checkpointEvery, in: SettingBounds.period, .checkpointEvery)
        try SettingBounds.require(validationEvery, in: SettingBounds.period, .validationEvery)
        if sampleEvery != 0 { try SettingBounds.require(sampleEvery, in: SettingBounds.period, .sampleEvery, unit: " (or 0: never)") }
        try loss.validate()
    }

    /// A crop side the network can train on.
    private func requireCropSide(_ side: Int, _ setting: Setting) throws {
        try SettingBounds.require(side, in: Self.minimumImageSize...SettingBounds.imageSide.upperBound, setting, unit: " pixels")
        let geometry = NetworkGeometry(network)
        guard side % geometry.multiple == 0, side >= geometry.minimumSide else {
            let multiple = geometry.multiple > 1 ? "a multiple of \(geometry.multiple) of " : ""
            throw InvalidSetting(setting, side, "must be \(multiple)at least \(geometry.minimumSide) pixels "
                                 + "for the network \(network.architecture) (its crops go through it whole)")
        }
    }

    /// The crop side at `iteration` (0-based).
    public func imageSize(at iteration: Int) -> Int {
        guard let finalImageSize, let finalIterations else { return imageSize }
        return iteration >= iterations - finalIterations ? finalImageSize : imageSize
    }

    /// The largest crop side of the run (what its memory is planned for).
    public var largestImageSize: Int { max(imageSize, finalImageSize ?? 0) }

    /// The iterations that make `epochs` passes over `imageCount` images (the last one rounded up).
    public func iterations(forEpochs epochs: Double, imageCount: Int) throws -> Int {
        guard epochs > 0, epochs.isFinite else { throw InvalidSetting(.epochs, epochs, "must be positive") }
        let count = (Double(imageCount) * epochs / Double(batchSize)).rounded(.up)
        guard count <= Double(SettingBounds.iterations.upperBound) else {
            throw InvalidSetting(.epochs, epochs, "must make at most \(SettingBounds.iterations.upperBound) iterations "
                                 + "(\(imageCount) image\(imageCount == 1 ? "" : "s") in batches of \(batchSize))")
        }
        return max(1, Int(count))
    }

    /// The learning rate in force at `iteration` (0-based): the step decay, then the warm-up,
    /// then the schedule, then the cool-down.
    public func learningRate(at iteration: Int) -> Float {
        var rate = steppedLearningRate(at: iteration)
        let warmup = warmupIterations ?? 0
        if iteration < warmup {
            rate *= Float(iteration + 1) / Float(warmup)
        }
        if learningRateSchedule == .cosine {
            // From the full rate after the warm-up to 0 after the last iteration; beyond the run
            // (an extension's schedule is its own, see `LearningRateSchedule`) it stays near 0.
            let span = max(1, iterations - warmup)
            let progress = min(1, max(0, Double(iteration - warmup) / Double(span)))
            rate *= Float(0.5 * (1 + cos(Double.pi * progress)))
        }
        let cooldown = cooldownIterations ?? 0
        if cooldown > 0, iteration >= iterations - cooldown {
            // k/N of the rate k iterations before the end: 1/N on the last one.
            rate *= Float(max(0, iterations - iteration)) / Float(cooldown)
        }
        return rate
    }

    /// The rate after `learningRateDecayEvery`'s steps.
    private func steppedLearningRate(at iteration: Int) -> Float {
        guard learningRateDecayEvery > 0 else { return learningRate }
        var rate = learningRate
        // Multiplied step by step (the rates of a run and of its resumption agree to the bit);
        // once the rate is 0 or infinite, or the factor 1, more steps change nothing.
        for _ in 0..<(iteration / learningRateDecayEvery) {
            if rate == 0 || !rate.isFinite || learningRateDecayFactor == 1 { break }
            rate *= learningRateDecayFactor
        }
        return rate
    }

    /// The value of a training setting, as text (nil for settings training does not have).
    public func value(of setting: Setting) -> String? {
        let n = network
        switch setting {
        case .architecture: return n.architecture.description
        case .normalization: return n.normalization.rawValue
        case .padding: return n.padding.rawValue
        case .upsampling: return n.upsampling.rawValue
        case .outputActivation: return n.outputActivation.rawValue
        case .imageSize: return "\(imageSize)"
        case .finalImageSize: return "\(finalImageSize ?? imageSize)"
        case .finalIterations: return "\(finalImageSize == nil ? 0 : finalIterations ?? 0)"
        case .batchSize: return "\(batchSize)"
        case .iterations: return "\(iterations)"
        case .learningRate: return "\(learningRate)"
        case .learningRateDecayEvery: return "\(learningRateDecayEvery)"
        case .learningRateDecayFactor: return "\(learningRateDecayFactor)"
        case .learningRateSchedule: return (learningRateSchedule ?? .constant).rawValue
        case .warmupIterations: return "\(warmupIterations ?? 0)"
        case .cooldownIterations: return "\(cooldownIterations ?? 0)"
        case .styleSize: return "\(styleSize ?? 0)"
        case .styleImage: return (styleImages ?? [styleImage]).joined(separator: ",")
        case .base: return base ?? ""
        case .trainedParameters: return (trainedParameters ?? .all).rawValue
        case .seed: return "\(seed)"
        case .checkpointEvery: return "\(checkpointEvery)"
        case .validationEvery: return "\(validationEvery)"
        case .sampleEvery: return "\(sampleEvery)"
        case .contentWeight: return "\(loss.contentWeight)"
        case .styleWeight: return "\(loss.styleWeight)"
        case .totalVariationWeight: return "\(loss.totalVariationWeight)"
        case .contentLayers: return loss.contentLayers.joined(separator: ",")
        case .styleLayers: return loss.styleLayers.joined(separator: ",")
        case .styleLayerWeights: return loss.styleLayerWeights.map { "\($0)" }.joined(separator: ",")
        case .pooling: return loss.pooling.rawValue
        case .epochs, .styles, .styleName, .blend, .output, .overwrite, .resume, .longSide, .strength, .tileSize, .maxUntiledPixels, .jpegQuality, .styleBlend, .packSize,
             .compressionLevel, .wheel, .layer, .channel, .channels, .patchCount, .patchesPerImage, .octaves, .octaveScale,
             .step, .jitter, .decay, .blurEvery, .blurSigma, .valueClip, .gradientClip, .temporalWeight, .videoCodec, .videoQuality:
            return nil
        }
    }

    /// Throws `ResumeConflict` when a setting in `given` (those the user set) asks for a value
    /// other than the one `saved` continues with: a resumed run keeps its settings, and only its
    /// iterations may change.
    public func requireNoConflicts(resuming saved: TrainingOptions, given: Set<Setting>) throws {
        let conflicts = Setting.allCases.filter { setting in
            given.contains(setting) && setting != .iterations && value(of: setting) != nil && value(of: setting) != saved.value(of: setting)
        }
        guard conflicts.isEmpty else {
            throw ResumeConflict(conflicts.map { ($0, value(of: $0) ?? "", saved.value(of: $0) ?? "") })
        }
    }
}
