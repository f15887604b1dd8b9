import Foundation

/// Everything a training run is configured with; saved in every checkpoint (as JSON) so that a
/// resumed run continues with the same settings and `compare` can rebuild the same loss.
public struct TrainingSettings: Codable, Equatable, Sendable {
    /// File name of the style image (for the record; the Gram targets are stored too).
    public var styleImage = ""
    /// The style images' file names of a network trained for several styles, in the order of its
    /// styles (nil: one style, `styleImage`). Each style is known by its file's name without the
    /// extension (`styleNames`).
    public var styleImages: [String]?
    /// How many images of each round of the style schedule each style gets, in the order of the
    /// styles (nil: one each; `StyleSchedule`). Unlike the other settings, a resumed run may
    /// change it.
    public var styleShares: [Int]?
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
    public var loss = LossSettings()
    /// λ of the stability term (`StabilityTerm`: the output of a moved, noisy copy of each crop
    /// should be the output moved), nil or 0: none. Unlike most settings, a resumed run may change
    /// it, so that a trained network can be made steadier for video.
    public var stabilityWeight: Float?
    public var network = TransformerSettings()
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
                throw InvalidSetting(
                    .styleImage, "\(styleImages.count) images",
                    "must give one image per style of the network (\(network.styles))")
            }
            try StyleName.requireDistinct(styleNames)
            if let styleShares {
                guard styleShares.count == styleImages.count,
                    styleShares.allSatisfy({ (1...StyleShares.limit).contains($0) })
                else {
                    throw InvalidSetting(
                        .styleShares, styleShares.map(String.init).joined(separator: ","),
                        "must give each of the \(styleImages.count) styles a share from 1 to \(StyleShares.limit)")
                }
            }
        } else if network.styles > 1 {
            throw InvalidSetting(
                .styleImage, "one image", "must give one image per style of the network (\(network.styles))")
        } else if let styleShares {
            throw InvalidSetting(
                .styleShares, styleShares.map(String.init).joined(separator: ","),
                "is for a network of several styles; this one has one")
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
        guard learningRate > 0, learningRate.isFinite else {
            throw InvalidSetting(.learningRate, learningRate, "must be positive")
        }
        if learningRateDecayEvery != 0 {
            try SettingBounds.require(
                learningRateDecayEvery, in: SettingBounds.period, .learningRateDecayEvery, unit: " (or 0: never)")
        }
        guard learningRateDecayFactor > 0, learningRateDecayFactor.isFinite else {
            throw InvalidSetting(.learningRateDecayFactor, learningRateDecayFactor, "must be positive")
        }
        if let warmupIterations, warmupIterations != 0 {
            try SettingBounds.require(
                warmupIterations, in: SettingBounds.period, .warmupIterations, unit: " (or 0: none)")
        }
        if let cooldownIterations, cooldownIterations != 0 {
            try SettingBounds.require(
                cooldownIterations, in: SettingBounds.period, .cooldownIterations, unit: " (or 0: none)")
        }
        if let styleSize {
            try SettingBounds.require(styleSize, in: SettingBounds.imageSide, .styleSize, unit: " pixels")
        }
        try SettingBounds.require(checkpointEvery, in: SettingBounds.period, .checkpointEvery)
        try SettingBounds.require(validationEvery, in: SettingBounds.period, .validationEvery)
        if sampleEvery != 0 {
            try SettingBounds.require(sampleEvery, in: SettingBounds.period, .sampleEvery, unit: " (or 0: never)")
        }
        try loss.validate()
        if let stabilityWeight {
            guard stabilityWeight >= 0, stabilityWeight.isFinite else {
                throw InvalidSetting(.stabilityWeight, stabilityWeight, "must be 0 or positive")
            }
        }
    }

    /// The stability term of the run, if it has one.
    public var stability: StabilityTerm? {
        guard let stabilityWeight, stabilityWeight > 0 else { return nil }
        return StabilityTerm(weight: stabilityWeight)
    }

    /// A crop side the network can train on.
    private func requireCropSide(_ side: Int, _ setting: Setting) throws {
        try SettingBounds.require(
            side, in: Self.minimumImageSize...SettingBounds.imageSide.upperBound, setting, unit: " pixels")
        let geometry = NetworkGeometry(network)
        guard side % geometry.multiple == 0, side >= geometry.minimumSide else {
            let multiple = geometry.multiple > 1 ? "a multiple of \(geometry.multiple) of " : ""
            throw InvalidSetting(
                setting, side,
                "must be \(multiple)at least \(geometry.minimumSide) pixels "
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
            throw InvalidSetting(
                .epochs, epochs,
                "must make at most \(SettingBounds.iterations.upperBound) iterations "
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
    public func value(of setting: Setting) -> String? { Self.fields[setting]?(self) }

    /// How each training setting reads, as text, for a resumed run's conflict check: one line
    /// per setting.
    private static let fields: [Setting: (TrainingSettings) -> String] = [
        .architecture: { $0.network.architecture.description },
        .normalization: { $0.network.normalization.rawValue },
        .padding: { $0.network.padding.rawValue },
        .upsampling: { $0.network.upsampling.rawValue },
        .outputActivation: { $0.network.outputActivation.rawValue },
        .imageSize: { "\($0.imageSize)" },
        .finalImageSize: { "\($0.finalImageSize ?? $0.imageSize)" },
        .finalIterations: { "\($0.finalImageSize == nil ? 0 : $0.finalIterations ?? 0)" },
        .batchSize: { "\($0.batchSize)" },
        .iterations: { "\($0.iterations)" },
        .learningRate: { "\($0.learningRate)" },
        .learningRateDecayEvery: { "\($0.learningRateDecayEvery)" },
        .learningRateDecayFactor: { "\($0.learningRateDecayFactor)" },
        .learningRateSchedule: { ($0.learningRateSchedule ?? .constant).rawValue },
        .warmupIterations: { "\($0.warmupIterations ?? 0)" },
        .cooldownIterations: { "\($0.cooldownIterations ?? 0)" },
        .styleSize: { "\($0.styleSize ?? 0)" },
        .styleImage: { ($0.styleImages ?? [$0.styleImage]).joined(separator: ",") },
        .styleShares: { ($0.styleShares ?? []).map(String.init).joined(separator: ",") },
        .base: { $0.base ?? "" },
        .trainedParameters: { ($0.trainedParameters ?? .all).rawValue },
        .seed: { "\($0.seed)" },
        .checkpointEvery: { "\($0.checkpointEvery)" },
        .validationEvery: { "\($0.validationEvery)" },
        .sampleEvery: { "\($0.sampleEvery)" },
        .contentWeight: { "\($0.loss.contentWeight)" },
        .styleWeight: { "\($0.loss.styleWeight)" },
        .totalVariationWeight: { "\($0.loss.totalVariationWeight)" },
        .stabilityWeight: { "\($0.stabilityWeight ?? 0)" },
        .contentLayers: { $0.loss.contentLayers.joined(separator: ",") },
        .styleLayers: { $0.loss.styleLayers.joined(separator: ",") },
        .styleLayerWeights: { $0.loss.styleLayerWeights.map { "\($0)" }.joined(separator: ",") },
        .pooling: { $0.loss.pooling.rawValue },
    ]

    /// What a resumed run may change.
    public static let changeableOnResume: Set<Setting> = [.iterations, .styleShares, .stabilityWeight]

    /// Throws `ResumeConflict` when a setting in `given` (those the user set) asks for a value
    /// other than the one `saved` continues with: a resumed run keeps its settings, and only its
    /// iterations, its styles' shares and its stability weight may change.
    public func requireNoConflicts(resuming saved: TrainingSettings, given: Set<Setting>) throws {
        let conflicts = Setting.allCases.filter { setting in
            given.contains(setting) && !Self.changeableOnResume.contains(setting) && value(of: setting) != nil
                && value(of: setting) != saved.value(of: setting)
        }
        guard conflicts.isEmpty else {
            throw ResumeConflict(conflicts.map { ($0, value(of: $0) ?? "", saved.value(of: $0) ?? "") })
        }
    }
}
