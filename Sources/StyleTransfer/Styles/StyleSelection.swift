import Foundation
import NN

extension Checkpoint {
    /// The network of one style, or of a blend of styles, cut from this one: every convolution as
    /// it is, each normalization's scales and shifts those of `mix` (interpolated for a blend),
    /// and the Gram targets likewise, so that stylizing, `compare` and ONNX export work on it as
    /// on any one-style network. A network of one style is returned as it is (`mix`, if given,
    /// must name its style); a network of several needs `mix`. `path` names the file in errors.
    /// The result holds no optimizer state: it stylizes, it does not resume.
    public func selecting(_ mix: StyleMix?, path: String) throws -> Checkpoint {
        let names = settings.styleNames
        let styles = settings.network.styles
        guard styles > 1 else {
            if let mix { _ = try mix.indexed(in: names, setting: mix.parts.count > 1 ? .blend : .styleName) }
            return self
        }
        guard let mix else {
            throw MissingSetting(
                .styleName, "\(path) holds \(styles) styles: \(names.joined(separator: ", "))", or: [.blend])
        }
        let parts = try mix.indexed(in: names, setting: mix.parts.count > 1 ? .blend : .styleName)
        func mixed(_ values: [Float], rows: Int) -> [Float] {
            let size = values.count / rows
            var result = [Float](repeating: 0, count: size)
            for (style, weight) in parts {
                for i in 0..<size { result[i] += weight * values[style * size + i] }
            }
            return result
        }
        let normalized = Set(
            try TransformerNet(settings: settings.network).normalizations.flatMap(\.parameters).map(\.name))
        var selected = self
        selected.settings.network.styles = 1
        selected.settings.styleImages = nil
        selected.settings.styleImage =
            parts.count == 1 ? (settings.styleImages?[parts[0].style] ?? mix.description) : mix.description
        selected.parameters = try parameters.map { p in
            guard normalized.contains(p.name) else { return p }
            guard p.shape.count == 2, p.shape[0] == styles else {
                throw CheckpointError(path, "parameter \(p.name) has shape \(p.shape), expected [\(styles), channels]")
            }
            return (p.name, [p.shape[1]], mixed(p.values, rows: styles))
        }
        selected.styleTargets = styleTargets.mapValues { ([1] + $0.shape.dropFirst(), mixed($0.values, rows: styles)) }
        selected.optimizer = nil
        return selected
    }
}
