import Foundation
import NN
import Tensors

/// Where a run that starts from a trained network (`faststyle train --from`) begins: the base's
/// convolutions, and for each new style the scales and shifts of the base's style whose pictures
/// are nearest to it. Nearest is measured the way training measures: the base stylizes a probe
/// batch (the run's first crops) in each of its styles, and the style whose outputs' Gram
/// matrices are closest to the new style's targets (the lowest style loss) gives its
/// normalizations to the new style.
struct BaseStart {
    let checkpoint: Checkpoint
    let network: TransformerNet
    let path: String

    init(base: Checkpoint, path: String, policy: ConvolutionPolicy) throws {
        checkpoint = base
        self.path = path
        network = try TransformerNet(settings: base.settings.network, convolutions: ConvolutionSettings(policy: policy))
        try base.load(into: network, path: path)
        network.freeze()
    }

    /// The base's styles ranked for `targets`: each one's style loss on `probe`, lowest first.
    func ranking(for targets: StyleTargets, probe: Tensor, loss: PerceptualLoss) throws -> [(style: Int, loss: Double)]
    {
        var scores: [(Int, Double)] = []
        for style in 0..<network.settings.styles {
            network.styleOfSample = [Int](repeating: style, count: probe.shape[0])
            let output = try network.forward(probe)
            let terms = try loss.evaluate(output, content: nil, style: targets)
            scores.append((style, terms.style))
        }
        return scores.sorted { $0.1 < $1.1 }
    }

    /// Copies the base into `target`, a network of the base's structure with its own number of
    /// styles: every convolution as it is, and each new style's normalization rows from the
    /// base's nearest style. Returns the names of the base's styles chosen, one per new style.
    @discardableResult
    func initialize(_ target: TransformerNet, styles: [StyleTargets], probe: Tensor, loss: PerceptualLoss) throws
        -> [String]
    {
        let nearest = try styles.map { try ranking(for: $0, probe: probe, loss: loss)[0].style }
        let baseParameters = Dictionary(network.parameters.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let normalized = Set(target.normalizations.flatMap(\.parameters).map(\.name))
        for p in target.parameters {
            guard let source = baseParameters[p.name] else {
                throw CheckpointError(path, "parameter \(p.name) is missing")
            }
            if normalized.contains(p.name) {
                let channels = p.value.shape.last!
                let rows = source.value.toArray()
                for (style, from) in nearest.enumerated() {
                    (p.value.data + style * channels).update(
                        from: Array(rows[(from * channels)..<((from + 1) * channels)]), count: channels)
                }
            } else {
                guard source.value.shape == p.value.shape else {
                    throw CheckpointError(
                        path, "parameter \(p.name) has shape \(source.value.shape), the network needs \(p.value.shape)")
                }
                p.value.data.update(from: source.value.data, count: source.value.storageCount)
            }
        }
        target.weightsChanged()
        let names = checkpoint.settings.styleNames
        return nearest.map { names.indices.contains($0) ? names[$0] : "style \($0 + 1)" }
    }
}
