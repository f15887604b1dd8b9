/// The two VGG networks whose convolution weights the loss network can use.
public enum VGGVariant: String, CustomStringConvertible, Sendable {
    case vgg16
    case vgg19

    public var description: String { self == .vgg16 ? "VGG-16" : "VGG-19" }

    /// Convolutions per block (each block ends with a 2×2 pooling).
    private var convolutionsPerBlock: [Int] { self == .vgg16 ? [2, 2, 3, 3, 3] : [2, 2, 4, 4, 4] }

    /// The convolution layers in order, with their channels.
    public var convolutions: [VGGLayer] {
        let widths = [64, 128, 256, 512, 512]
        var layers: [VGGLayer] = []
        var inChannels = 3
        for (block, count) in convolutionsPerBlock.enumerated() {
            for index in 1...count {
                layers.append(
                    VGGLayer(block: block + 1, index: index, inChannels: inChannels, outChannels: widths[block]))
                inChannels = widths[block]
            }
        }
        return layers
    }

    /// The layer whose ReLU activation is called `reluName` (e.g. `relu4_3`).
    public func layer(relu reluName: String) throws -> VGGLayer {
        guard let layer = convolutions.first(where: { $0.reluName == reluName }) else {
            throw LossNetworkError.unknownLayer(reluName, variant: self, valid: convolutions.map(\.reluName))
        }
        return layer
    }

    /// The deepest of the layers named by their ReLU activations: how far a loss network that
    /// serves them all must run.
    public func deepestLayer(of reluNames: [String]) throws -> VGGLayer {
        let layers = try reluNames.map { try layer(relu: $0) }
        guard let deepest = layers.max(by: { ($0.block, $0.index) < ($1.block, $1.index) }) else {
            throw LossNetworkError.badConfiguration("no VGG layer named")
        }
        return deepest
    }

    /// The Keras `layer_names` of the notop model for the layers of `blocks`: the convolutions
    /// and a pooling layer after each block.
    func kerasLayerNames(inBlocks blocks: Set<Int>) -> [String] {
        let layers = convolutions.filter { blocks.contains($0.block) }
        return layers.enumerated().flatMap { position, layer in
            position + 1 == layers.count || layers[position + 1].block != layer.block
                ? [layer.name, layer.poolingName] : [layer.name]
        }
    }

    /// VGG-19 if any layer name exists only in VGG-19 (a fourth convolution in a block).
    static func detect(fromLayerNames names: [String]) -> VGGVariant {
        let onlyInVGG19 = Set(VGGVariant.vgg19.convolutions.map(\.name)).subtracting(
            VGGVariant.vgg16.convolutions.map(\.name))
        return names.contains(where: onlyInVGG19.contains) ? .vgg19 : .vgg16
    }
}
