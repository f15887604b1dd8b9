/// What the perceptual loss measures and how much each part weighs. The same defaults serve
/// `train`, `optimize` and `compare`, so their losses are comparable.
public struct LossSettings: Codable, Equatable, Sendable {
    /// Layers whose activations the output must keep from the content image.
    public var contentLayers = ["relu2_2"]
    /// Layers whose Gram matrices the output must match with the style image's.
    public var styleLayers = ["relu1_2", "relu2_2", "relu3_3", "relu4_3"]
    /// Per-layer factors of the style term (one per style layer).
    public var styleLayerWeights: [Float] = [1, 1, 1, 1]
    public var contentWeight: Float = 1
    public var styleWeight: Float = 5
    public var totalVariationWeight: Float = 1e-6
    /// How the loss network downsamples between blocks.
    public var pooling = PoolingMode.max

    public init() {}

    /// Johnson et al.'s loss (content 1 × relu2_2, style 5 × relu1_2, relu2_2, relu3_3, relu4_3,
    /// TV 1e-6, max pooling): the objective that networks trained with other weights are
    /// compared on (`compare --loss johnson`). The library's defaults are these today; this one
    /// stays Johnson's if they change.
    public static let johnson: LossSettings = {
        var c = LossSettings()
        c.contentLayers = ["relu2_2"]
        c.styleLayers = ["relu1_2", "relu2_2", "relu3_3", "relu4_3"]
        c.styleLayerWeights = [1, 1, 1, 1]
        c.contentWeight = 1
        c.styleWeight = 5
        c.totalVariationWeight = 1e-6
        c.pooling = .max
        return c
    }()

    /// Every VGG layer a term needs.
    public var layers: [String] { contentLayers + styleLayers }

    /// Throws the first setting that makes no loss: a negative or infinite weight, no layer, or
    /// per-layer factors that do not match the style layers.
    public func validate() throws {
        for (setting, weight) in [
            (Setting.contentWeight, contentWeight), (.styleWeight, styleWeight),
            (.totalVariationWeight, totalVariationWeight),
        ] where !(weight >= 0 && weight.isFinite) {
            throw InvalidSetting(setting, weight, "must be a finite number ≥ 0")
        }
        let known = VGGVariant.vgg19.convolutions.map(\.reluName)
        for (setting, layers) in [(Setting.contentLayers, contentLayers), (.styleLayers, styleLayers)] {
            guard !layers.isEmpty else { throw InvalidSetting(setting, "none", "needs at least one layer") }
            if let unknown = layers.first(where: { !known.contains($0) }) {
                throw InvalidSetting(setting, unknown, "must name VGG layers (\(known.first!) … \(known.last!))")
            }
        }
        guard styleLayerWeights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw InvalidSetting(
                .styleLayerWeights, styleLayerWeights.map { "\($0)" }.joined(separator: ","),
                "must be finite numbers ≥ 0")
        }
        guard styleLayerWeights.count == styleLayers.count else {
            throw InvalidSetting(
                .styleLayerWeights, "\(styleLayerWeights.count) factors",
                "needs one number per style layer (\(styleLayers.joined(separator: ",")))")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case contentLayers, styleLayers, styleLayerWeights, contentWeight, styleWeight, totalVariationWeight, pooling
    }

    /// Synthesized, except that `pooling` may be absent: checkpoints written before it was
    /// recorded were all trained with max pooling.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        contentLayers = try c.decode([String].self, forKey: .contentLayers)
        styleLayers = try c.decode([String].self, forKey: .styleLayers)
        styleLayerWeights = try c.decode([Float].self, forKey: .styleLayerWeights)
        contentWeight = try c.decode(Float.self, forKey: .contentWeight)
        styleWeight = try c.decode(Float.self, forKey: .styleWeight)
        totalVariationWeight = try c.decode(Float.self, forKey: .totalVariationWeight)
        pooling = try c.decodeIfPresent(PoolingMode.self, forKey: .pooling) ?? .max
    }
}
