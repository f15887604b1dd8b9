import Tensors

extension Checkpoint {
    /// The style's Gram targets stored in the checkpoint, for the style layers of
    /// `configuration`: the exact targets the network was trained against, without the style
    /// image. `path` names the file in errors.
    public func storedStyleTargets(for configuration: LossConfiguration, path: String) throws -> StyleTargets {
        var grams: [String: Tensor] = [:]
        for layer in configuration.styleLayers {
            guard let stored = styleTargets[layer] else {
                let available = styleTargets.keys.sorted().joined(separator: ", ")
                throw CheckpointError(path, "holds no style target at \(layer) (it has \(available.isEmpty ? "none" : available)); give the style image to compute it")
            }
            grams[layer] = Tensor(shape: stored.shape, values: stored.values)
        }
        return StyleTargets(grams: grams)
    }
}
