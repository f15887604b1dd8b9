import Foundation
import NN

extension Checkpoint {
    /// One network holding every style of `networks` (read from `paths`, named in errors), in
    /// order: possible when they share every convolution, as networks do that were started from
    /// the same base and trained with `TrainedParameters.norm` (or cut from one network). Each
    /// style keeps its own scales and shifts and, when every network stores them, its Gram targets.
    /// The result is model-only; its record of training is the first network's.
    public static func combining(_ networks: [Checkpoint], paths: [String]) throws -> Checkpoint {
        guard var combined = networks.first, networks.count == paths.count else {
            throw InvalidSetting(.styleImage, "no network", "needs networks to combine")
        }
        let structure = { (n: TransformerSettings) -> TransformerSettings in
            var s = n; s.styles = 1; return s
        }
        for (network, path) in zip(networks, paths)
        where structure(network.settings.network) != structure(combined.settings.network) {
            throw CheckpointError(
                path,
                "has another structure (\(network.settings.network.architecture)) than \(paths[0]) "
                    + "(\(combined.settings.network.architecture)): only networks of one structure combine")
        }
        let names = networks.flatMap(\.settings.styleNames)
        let files = networks.flatMap { $0.settings.styleImages ?? [$0.settings.styleImage] }
        try StyleName.requireDistinct(names)
        let normalized = Set(
            try TransformerNet(settings: combined.settings.network).normalizations.flatMap(\.parameters).map(\.name))
        combined.parameters = try combined.parameters.map { first in
            let parts = try zip(networks, paths).map { network, path -> (shape: [Int], values: [Float]) in
                guard let p = network.parameters.first(where: { $0.name == first.name }) else {
                    throw CheckpointError(path, "parameter \(first.name) is missing")
                }
                guard normalized.contains(first.name) || p.values == first.values else {
                    throw CheckpointError(
                        path,
                        "its \(first.name) differs from \(paths[0])'s: only networks that share every convolution "
                            + "combine (started from one base and trained with --train norm)")
                }
                return (p.shape, p.values)
            }
            guard normalized.contains(first.name) else { return first }
            let channels = first.shape.last!
            return (first.name, [names.count, channels], parts.flatMap(\.values))
        }
        let layers = Set(combined.styleTargets.keys)
        if networks.allSatisfy({ Set($0.styleTargets.keys) == layers && !layers.isEmpty }) {
            combined.styleTargets = Dictionary(
                uniqueKeysWithValues: layers.map { layer in
                    let stored = networks.map { $0.styleTargets[layer]! }
                    return (layer, ([names.count] + stored[0].shape.dropFirst(), stored.flatMap(\.values)))
                })
        } else {
            combined.styleTargets = [:]
        }
        combined.settings.network.styles = names.count
        combined.settings.styleImages = names.count > 1 ? files : nil
        combined.settings.styleImage = names.count > 1 ? "" : files[0]
        combined.optimizer = nil
        return combined
    }
}
