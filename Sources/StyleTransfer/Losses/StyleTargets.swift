import Tensors

/// Gram matrices of a style image at the style layers: (1, C, C) each.
public struct StyleTargets {
    public var grams: [String: Tensor]

    public init(grams: [String: Tensor]) {
        self.grams = grams
    }

    /// Σ wᵢ Gᵢ: several styles blended by weights (normalized to sum to 1).
    public static func blend(_ targets: [StyleTargets], weights: [Float]) -> StyleTargets {
        precondition(targets.count == weights.count && !targets.isEmpty)
        let total = weights.reduce(0, +)
        var grams: [String: Tensor] = [:]
        for (layer, first) in targets[0].grams {
            let sum = Tensor(shape: first.shape)
            for (target, weight) in zip(targets, weights) {
                let g = target.grams[layer]!
                for i in 0..<sum.storageCount { sum.data[i] += weight / total * g.data[i] }
            }
            grams[layer] = sum
        }
        return StyleTargets(grams: grams)
    }

    /// The targets of several styles as one (styles, C, C) array per layer, as checkpoints
    /// store them.
    public static func stacked(_ styles: [StyleTargets]) -> [String: (shape: [Int], values: [Float])] {
        var stacked: [String: (shape: [Int], values: [Float])] = [:]
        for (layer, gram) in styles.first?.grams ?? [:] {
            stacked[layer] = ([styles.count] + gram.shape.dropFirst(), styles.flatMap { $0.grams[layer]!.toArray() })
        }
        return stacked
    }
}
