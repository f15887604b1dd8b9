import Tensors

extension Checkpoint {
    /// The Gram targets stored in the checkpoint for the style layers of `loss`, one
    /// `StyleTargets` per style of the network: the exact targets it was trained against, without
    /// the style images. `path` names the file in errors.
    public func storedStyleTargets(for loss: LossSettings, path: String) throws -> [StyleTargets] {
        var styles = [StyleTargets](repeating: StyleTargets(grams: [:]), count: settings.network.styles)
        for layer in loss.styleLayers {
            guard let stored = styleTargets[layer] else {
                let available = styleTargets.keys.sorted().joined(separator: ", ")
                throw CheckpointError(
                    path,
                    "holds no style target at \(layer) (it has \(available.isEmpty ? "none" : available)); give the "
                        + "style image to compute it"
                )
            }
            let size = stored.shape.dropFirst().reduce(1, *)
            for style in styles.indices {
                let values = Array(stored.values[(style * size)..<((style + 1) * size)])
                styles[style].grams[layer] = Tensor(shape: [1] + stored.shape.dropFirst(), values: values)
            }
        }
        return styles
    }
}
