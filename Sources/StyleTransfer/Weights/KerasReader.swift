import H5

/// Finds VGG layers in a Keras HDF5 file: Keras 1 (`<layer>/<layer>_W_1:0`), Keras 2
/// (`<layer>/<layer>/kernel:0`, listed in `weight_names`) and full-model files whose weights
/// sit under `model_weights`.
struct KerasReader {
    let path: String
    let file: H5File
    let root: H5Location
    let variant: VGGVariant

    init(path: String) throws {
        self.path = path
        file = try H5File.open(path)
        root =
            try file.contains("model_weights") && file.kind(of: "model_weights") == .group
            ? file.group("model_weights") : file
        let listed =
            root.hasAttribute("layer_names") ? try root.stringArrayAttribute("layer_names") : try root.children()
        variant = VGGVariant.detect(fromLayerNames: listed + (try root.children()))
    }

    /// One layer, checked against the VGG shape: kernel (3, 3, in, out), bias (out).
    func layer(_ name: String, inChannels: Int, outChannels: Int) throws -> ConvWeights {
        func failure(_ message: String) -> WeightsError { WeightsError("\(path): layer \(name): \(message)") }
        guard root.contains(name), try root.kind(of: name) == .group else {
            throw failure("missing (no group \(name))")
        }
        let group = try root.group(name)
        let weightNames = group.hasAttribute("weight_names") ? try group.stringArrayAttribute("weight_names") : []
        let datasets = weightNames.isEmpty ? try datasetPaths(in: group) : weightNames
        var kernel: (path: String, shape: [Int])?
        var bias: (path: String, shape: [Int])?
        for dataset in datasets {
            guard group.contains(dataset) else { throw failure("weight \(dataset) listed in weight_names not found") }
            let shape = try group.shape(of: dataset)
            switch shape.count {
            case 4 where kernel == nil: kernel = (dataset, shape)
            case 1 where bias == nil: bias = (dataset, shape)
            default:
                throw failure(
                    "unexpected weight \(dataset) of shape \(shape) (expected one 4-D kernel and one 1-D bias)")
            }
        }
        guard let kernel, let bias else {
            throw failure(
                "expected a 4-D kernel and a 1-D bias, found "
                    + "\(datasets.isEmpty ? "no datasets" : datasets.joined(separator: ", "))"
            )
        }
        let expectedKernel = [3, 3, inChannels, outChannels]
        guard kernel.shape == expectedKernel else {
            throw failure(
                "kernel \(kernel.path) has shape \(kernel.shape), expected \(expectedKernel) (kh, kw, in, out)")
        }
        guard bias.shape == [outChannels] else {
            throw failure("bias \(bias.path) has shape \(bias.shape), expected [\(outChannels)]")
        }
        let kernelValues = try group.read(kernel.path, as: Float.self, rank: 4).values
        let biasValues = try group.read(bias.path, as: Float.self, rank: 1).values
        // NaN or infinite weights would make every loss NaN, far from the file that caused it.
        guard kernelValues.allSatisfy(\.isFinite), biasValues.allSatisfy(\.isFinite) else {
            throw failure("holds NaN or infinite values")
        }
        return ConvWeights(name: name, kernelHWIO: kernelValues, shape: kernel.shape, bias: biasValues)
    }

    /// Groups nested deeper than this below a layer are refused (Keras nests two levels).
    static let maximumDepth = 16

    /// The datasets anywhere below a group, as paths relative to it. Each group is visited
    /// once: hard links can make a group its own descendant.
    private func datasetPaths(in group: H5Group, prefix: String = "", visited: inout Set<H5ObjectIdentity>) throws
        -> [String]
    {
        let here = prefix.isEmpty ? "." : prefix
        guard visited.insert(try group.identity(of: here)).inserted else { return [] }
        guard prefix.split(separator: "/").count < Self.maximumDepth else {
            throw WeightsError(
                "\(path): \(group.objectPath)/\(prefix): groups nested more than \(Self.maximumDepth) deep")
        }
        return try group.children(of: here).flatMap { child -> [String] in
            let path = prefix.isEmpty ? child : "\(prefix)/\(child)"
            switch try group.kind(of: path) {
            case .dataset: return [path]
            case .group: return try datasetPaths(in: group, prefix: path, visited: &visited)
            case .other: return []
            }
        }
    }

    private func datasetPaths(in group: H5Group) throws -> [String] {
        var visited = Set<H5ObjectIdentity>()
        return try datasetPaths(in: group, visited: &visited)
    }
}
