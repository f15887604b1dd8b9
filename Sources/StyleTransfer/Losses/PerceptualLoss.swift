import NN
import Tensors

/// The perceptual loss of Johnson et al. (content feature loss + Gram style loss + total
/// variation) on a frozen VGG loss network, with its gradient with respect to the images.
public final class PerceptualLoss {
    public let settings: LossSettings
    public let network: VGGLossNetwork
    private let grams: [String: GramMatrix]
    private let featureGradients: [String: Buffer]
    private let gramGradients: [String: Buffer]
    private let expandedTargets: [String: Buffer]
    private let imageGradient = Buffer()

    /// The loss on the VGG network of the weights at `weightsPath`, built as deep as the
    /// settings' layers need, with its pooling; `policy` says what its convolutions may do
    /// to be fast.
    public convenience init(weightsPath: String, settings: LossSettings, policy: ConvolutionPolicy = .exact) throws {
        let network = try VGGLossNetwork(
            weightsPath: weightsPath, covering: settings.layers, pooling: settings.pooling,
            policy: policy)
        try self.init(network: network, settings: settings)
    }

    public init(network: VGGLossNetwork, settings: LossSettings) throws {
        for layer in settings.layers where !network.layerNames.contains(layer) {
            throw LossNetworkError.unknownLayer(layer, variant: network.variant, valid: network.layerNames)
        }
        guard network.pooling == settings.pooling else {
            throw LossNetworkError.badConfiguration(
                "the loss network pools with \(network.pooling.rawValue), the configuration says "
                    + "\(settings.pooling.rawValue)"
            )
        }
        guard settings.styleLayerWeights.count == settings.styleLayers.count else {
            throw LossNetworkError.badConfiguration(
                "\(settings.styleLayers.count) style layers but \(settings.styleLayerWeights.count) style layer weights"
            )
        }
        self.settings = settings
        self.network = network
        let layers = Set(settings.layers)
        grams = Dictionary(uniqueKeysWithValues: settings.styleLayers.map { ($0, GramMatrix(name: "gram \($0)")) })
        featureGradients = Dictionary(uniqueKeysWithValues: layers.map { ($0, Buffer()) })
        gramGradients = Dictionary(uniqueKeysWithValues: settings.styleLayers.map { ($0, Buffer()) })
        expandedTargets = Dictionary(uniqueKeysWithValues: settings.styleLayers.map { ($0, Buffer()) })
    }

    /// The Gram matrices of `style` (1, 3, H, W) at the style layers.
    public func styleTargets(for style: Tensor) throws -> StyleTargets {
        guard style.batch == 1 else {
            throw LossNetworkError.badConfiguration("style targets take one image, got \(style.batch)")
        }
        let features = try network.forward(style, taps: settings.styleLayers)
        var targets: [String: Tensor] = [:]
        for layer in settings.styleLayers {
            targets[layer] = try grams[layer]!.forward(features[layer]!).copy()
        }
        return StyleTargets(grams: targets)
    }

    /// The activations of `content` (N, 3, H, W) at the content layers.
    public func contentTargets(for content: Tensor) throws -> ContentTargets {
        let features = try network.forward(content, taps: settings.contentLayers)
        return ContentTargets(features: features.mapValues { $0.copy() })
    }

    /// Evaluates the loss of `images` (N, 3, H, W, RGB in [0, 255]) and, when `gradient` is
    /// given (same shape), writes dL/d(images) into it. Terms without targets (no content
    /// image in texture synthesis, no style in feature inversion) are left out.
    @discardableResult
    public func evaluate(
        _ images: Tensor, content: ContentTargets?, style: StyleTargets?,
        gradient: Tensor? = nil
    ) throws -> LossTerms {
        try evaluate(
            images, content: content, styles: style.map { [StyleTargets](repeating: $0, count: images.shape[0]) },
            gradient: gradient)
    }

    /// As `evaluate(_:content:style:gradient:)`, each image against its own style's targets
    /// (one per image: a network of several styles trains on a style per image).
    @discardableResult
    public func evaluate(
        _ images: Tensor, content: ContentTargets?, styles: [StyleTargets]?,
        gradient: Tensor? = nil
    ) throws -> LossTerms {
        let c = settings
        if let styles, styles.count != images.shape[0] {
            throw LossNetworkError.badConfiguration("\(styles.count) style targets for \(images.shape[0]) images")
        }
        let style = styles
        var taps: [String] = []
        if content != nil { taps += c.contentLayers }
        if style != nil { taps += c.styleLayers }
        var terms = LossTerms()
        var gradients: [String: Tensor] = [:]
        if !taps.isEmpty {
            let features = try network.forward(images, taps: taps)

            func gradientBuffer(_ layer: String) -> Tensor {
                if let existing = gradients[layer] { return existing }
                let g = featureGradients[layer]!.tensor(like: features[layer]!)
                g.zero()
                gradients[layer] = g
                return g
            }

            if let content {
                for layer in c.contentLayers {
                    guard let target = content.features[layer], target.shape == features[layer]!.shape else {
                        throw LossNetworkError.badConfiguration(
                            "content target at \(layer) does not match the images' size")
                    }
                    terms.content += try MeanSquaredError.loss(features[layer]!, target)
                    if gradient != nil {
                        try MeanSquaredError.accumulateGradient(
                            features[layer]!, target, weight: c.contentWeight, into: gradientBuffer(layer))
                    }
                }
            }
            if let style {
                for (layer, layerWeight) in zip(c.styleLayers, c.styleLayerWeights) {
                    let gram = try grams[layer]!.forward(features[layer]!)
                    let target = try stacked(style.map { $0.grams[layer]! }, to: gram.shape, layer: layer)
                    terms.style += Double(layerWeight) * (try MeanSquaredError.loss(gram, target))
                    if gradient != nil {
                        let dGram = gramGradients[layer]!.tensor(like: gram)
                        try MeanSquaredError.gradient(gram, target, weight: c.styleWeight * layerWeight, into: dGram)
                        try grams[layer]!.backward(dGram, addingInto: gradientBuffer(layer))
                    }
                }
            }
        }
        terms.totalVariation = try TotalVariation.loss(images)
        terms.total =
            Double(c.contentWeight) * terms.content + Double(c.styleWeight) * terms.style
            + Double(c.totalVariationWeight) * terms.totalVariation

        if let gradient {
            try TotalVariation.gradient(images, weight: c.totalVariationWeight, into: gradient)
            if !gradients.isEmpty {
                let dImages = try network.backward(gradients)
                Elementwise.add(dImages.data, into: gradient.data, count: gradient.storageCount)
            }
        }
        return terms
    }

    /// The (1, C, C) targets of the batch's images as one (N, C, C) tensor.
    private func stacked(_ targets: [Tensor], to shape: [Int], layer: String) throws -> Tensor {
        for target in targets where target.shape.dropFirst() != shape.dropFirst() || target.shape[0] != 1 {
            throw LossNetworkError.badConfiguration(
                "style target at \(layer) is \(target.shape), expected 1×\(shape[1])×\(shape[2])")
        }
        if shape[0] == 1 { return targets[0] }
        let t = expandedTargets[layer]!.tensor(shape)
        let size = targets[0].storageCount
        for (n, target) in targets.enumerated() { (t.data + n * size).update(from: target.data, count: size) }
        return t
    }
}
