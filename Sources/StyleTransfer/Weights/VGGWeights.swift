import Foundation
import H5

/// The two VGG networks whose convolution weights the loss network can use.
public enum VGGVariant: String, CustomStringConvertible {
    case vgg16
    case vgg19

    public var description: String { self == .vgg16 ? "VGG-16" : "VGG-19" }

    /// Convolutions per block (each block ends with a 2×2 max pooling).
    var convolutionsPerBlock: [Int] { self == .vgg16 ? [2, 2, 3, 3, 3] : [2, 2, 4, 4, 4] }

    /// The convolution layers in order, Keras names (`block1_conv1` …), with their channels.
    public var convolutions: [(name: String, inChannels: Int, outChannels: Int)] {
        let widths = [64, 128, 256, 512, 512]
        var layers: [(String, Int, Int)] = []
        var inChannels = 3
        for (block, count) in convolutionsPerBlock.enumerated() {
            for conv in 1...count {
                layers.append(("block\(block + 1)_conv\(conv)", inChannels, widths[block]))
                inChannels = widths[block]
            }
        }
        return layers
    }

    /// The Keras `layer_names` of the notop model: the convolutions and a pooling layer after
    /// each block.
    var kerasLayerNames: [String] {
        convolutionsPerBlock.enumerated().flatMap { block, count in
            (1...count).map { "block\(block + 1)_conv\($0)" } + ["block\(block + 1)_pool"]
        }
    }

    /// VGG-19 if any layer name exists only in VGG-19 (a fourth convolution in a block).
    static func detect(fromLayerNames names: [String]) -> VGGVariant {
        names.contains { $0.hasSuffix("_conv4") } ? .vgg19 : .vgg16
    }
}

/// One 3×3 convolution layer of VGG.
public struct ConvWeights {
    /// Keras layer name, e.g. `block1_conv1`.
    public let name: String
    /// Kernel in (out, in, kh, kw) order, C order. Cross-correlation kernel, as in Keras,
    /// Caffe and PyTorch (no spatial flip).
    public let kernelOIHW: [Float]
    /// Bias, one per output channel.
    public let bias: [Float]
    public let outChannels: Int
    public let inChannels: Int
    public let kernelHeight: Int
    public let kernelWidth: Int

    public init(name: String, kernelOIHW: [Float], bias: [Float], outChannels: Int, inChannels: Int, kernelHeight: Int, kernelWidth: Int) {
        precondition(kernelOIHW.count == outChannels * inChannels * kernelHeight * kernelWidth && bias.count == outChannels,
                     "ConvWeights \(name): array sizes do not match the shape")
        self.name = name
        self.kernelOIHW = kernelOIHW
        self.bias = bias
        self.outChannels = outChannels
        self.inChannels = inChannels
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
    }

    public var parameterCount: Int { kernelOIHW.count + bias.count }

    /// The kernel in Keras order (kh, kw, in, out).
    public var kernelHWIO: [Float] {
        // OIHW viewed as a matrix (out) × (in·kh·kw) is transposed into (kh·kw) × in × out.
        transposeKernel(kernelOIHW, outer: outChannels, inner: inChannels, spatial: kernelHeight * kernelWidth, toHWIO: true)
    }

    /// Builds the layer from a Keras kernel (kh, kw, in, out).
    init(name: String, kernelHWIO: [Float], shape: [Int], bias: [Float]) {
        let (kh, kw, cin, cout) = (shape[0], shape[1], shape[2], shape[3])
        let oihw = transposeKernel(kernelHWIO, outer: cout, inner: cin, spatial: kh * kw, toHWIO: false)
        self.init(name: name, kernelOIHW: oihw, bias: bias, outChannels: cout, inChannels: cin, kernelHeight: kh, kernelWidth: kw)
    }
}

/// Converts a kernel between (out, in, kh·kw) and (kh·kw, in, out) order, C order both.
private func transposeKernel(_ source: [Float], outer out: Int, inner inChannels: Int, spatial: Int, toHWIO: Bool) -> [Float] {
    var result = [Float](repeating: 0, count: source.count)
    source.withUnsafeBufferPointer { source in
        result.withUnsafeMutableBufferPointer { result in
            for o in 0..<out {
                for i in 0..<inChannels {
                    for s in 0..<spatial {
                        let oihw = (o * inChannels + i) * spatial + s
                        let hwio = (s * inChannels + i) * out + o
                        if toHWIO { result[hwio] = source[oihw] } else { result[oihw] = source[hwio] }
                    }
                }
            }
        }
    }
    return result
}

/// The convolution weights of an ImageNet VGG-16 or VGG-19, read from a Keras HDF5 file
/// (`../weights/README.md` describes the layout).
///
/// The kernels are used as stored: the first layer expects **BGR** input in 0…255 minus the
/// ImageNet mean (B, G, R) = (103.939, 116.779, 123.68), the Caffe convention of the Keras
/// files. Loading does not permute channels; the loss network converts its RGB input.
public struct VGGWeights {
    public let layers: [ConvWeights]
    public let variant: VGGVariant

    public init(layers: [ConvWeights], variant: VGGVariant) {
        self.layers = layers
        self.variant = variant
    }

    /// The SHA-256 of `contentSHA256` for the ImageNet VGG-16 weights (see weights/README.md).
    public static let imageNetVGG16ContentSHA256 = "d9a27cc1fc7f975ef8cff49180e794ccd7c4bc868ebb49740803b3bbaa8dbefd"

    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    public func layer(named name: String) -> ConvWeights? { layers.first { $0.name == name } }

    /// SHA-256 over each layer's Keras-order kernel bytes then bias bytes (float32
    /// little-endian): identifies the values independently of the HDF5 file's bytes.
    public var contentSHA256: String {
        var hash = SHA256()
        for layer in layers {
            layer.kernelHWIO.withUnsafeBytes { hash.update($0) }
            layer.bias.withUnsafeBytes { hash.update($0) }
        }
        return hash.finalizeHex()
    }

    // MARK: Where the weights are

    /// `$FASTSTYLE_VGG` if set; else `weights/vgg16.h5` in the current directory if it is
    /// there; else `weights/vgg16.h5` of the repository this executable was built in (found
    /// by walking up from the executable to the folder with Package.swift), so that commands
    /// run from anywhere find the weights `weights/fetch.sh` put there.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["FASTSTYLE_VGG"], !path.isEmpty { return path }
        let local = "weights/vgg16.h5"
        if FileManager.default.fileExists(atPath: local) { return local }
        var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder.appendingPathComponent(local).path
            }
            folder.deleteLastPathComponent()
        }
        return local
    }

    /// What to tell a user whose weights file is missing.
    public static func missingMessage(_ path: String) -> String {
        "VGG weights not found at \(path): run `faststyle weights fetch` (or weights/fetch.sh) to download and convert them (about 60 MB), or set FASTSTYLE_VGG to a Keras VGG-16/VGG-19 HDF5 file."
    }

    // MARK: Reading

    /// Loads the convolution layers from a Keras HDF5 file, in network order, through
    /// `lastLayer` when given (only the layers the loss network needs).
    public static func load(from path: String, upTo lastLayer: String? = nil) throws -> VGGWeights {
        guard FileManager.default.fileExists(atPath: path) else { throw WeightsError(missingMessage(path)) }
        let reader = try KerasReader(path: path)
        var expected = reader.variant.convolutions
        if let lastLayer {
            guard let index = expected.firstIndex(where: { $0.name == lastLayer }) else {
                throw WeightsError("\(path): \(reader.variant) has no convolution layer \(lastLayer) (layers: \(expected.map(\.name).joined(separator: ", ")))")
            }
            expected = Array(expected[...index])
        }
        let layers = try expected.map { try reader.layer($0.name, inChannels: $0.inChannels, outChannels: $0.outChannels) }
        return VGGWeights(layers: layers, variant: reader.variant)
    }

    /// Every problem found in the file, in human-readable form, each naming the file and, where
    /// it applies, the layer; empty when all layers of the variant load with the right shapes
    /// and finite values.
    public static func verify(path: String) -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [missingMessage(path)] }
        let reader: KerasReader
        do { reader = try KerasReader(path: path) } catch { return [String(describing: error)] }
        return reader.variant.convolutions.compactMap { expected in
            do {
                let layer = try reader.layer(expected.name, inChannels: expected.inChannels, outChannels: expected.outChannels)
                guard layer.kernelOIHW.allSatisfy(\.isFinite), layer.bias.allSatisfy(\.isFinite) else {
                    return "\(path): layer \(expected.name) holds NaN or infinite values"
                }
                return nil
            } catch {
                return String(describing: error)
            }
        }
    }

    // MARK: Writing

    /// Writes the layers atomically in the Keras layout: root attribute `layer_names` (with the
    /// pooling layers), a group per layer with attribute `weight_names`, datasets
    /// `<layer>_W_1:0` (kh, kw, in, out) and `<layer>_b_1:0`, pooling groups with an empty
    /// `weight_names`. `attributes` become extra string attributes of the root (provenance).
    public func write(to path: String, attributes: [String: String] = [:]) throws {
        // A block's pooling layer is listed when any of its convolutions is written.
        let presentBlocks = Set(layers.map { $0.name.prefix { $0 != "_" } })
        let layerNames = variant.kerasLayerNames.filter { presentBlocks.contains($0.prefix { $0 != "_" }) }
        try H5File.writeAtomically(to: path) { file in
            try file.setAttribute("layer_names", layerNames)
            for name in layerNames {
                try file.createGroup(name)
                guard let layer = layer(named: name) else {
                    // What h5py writes for the empty list Keras stores for weightless layers.
                    try file.setAttribute("weight_names", [Double](), on: name)
                    continue
                }
                let kernel = "\(name)_W_1:0", bias = "\(name)_b_1:0"
                try file.write(layer.kernelHWIO, shape: [layer.kernelHeight, layer.kernelWidth, layer.inChannels, layer.outChannels], to: "\(name)/\(kernel)")
                try file.write(layer.bias, shape: [layer.outChannels], to: "\(name)/\(bias)")
                try file.setAttribute("weight_names", [kernel, bias], on: name)
            }
            for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
                try file.setAttribute(key, value)
            }
        }
    }
}

/// Finds VGG layers in a Keras HDF5 file: Keras 1 (`<layer>/<layer>_W_1:0`), Keras 2
/// (`<layer>/<layer>/kernel:0`, listed in `weight_names`) and full-model files whose weights
/// sit under `model_weights`.
private struct KerasReader {
    let path: String
    let file: H5File
    let root: H5Location
    let variant: VGGVariant

    init(path: String) throws {
        self.path = path
        file = try H5File.open(path)
        root = (try? file.kind(of: "model_weights")) == .group ? try file.group("model_weights") : file
        let listed = root.hasAttribute("layer_names") ? try root.stringArrayAttribute("layer_names") : try root.children()
        variant = VGGVariant.detect(fromLayerNames: listed + (try root.children()))
    }

    /// One layer, checked against the VGG shape: kernel (3, 3, in, out), bias (out).
    func layer(_ name: String, inChannels: Int, outChannels: Int) throws -> ConvWeights {
        func failure(_ message: String) -> WeightsError { WeightsError("\(path): layer \(name): \(message)") }
        guard (try? root.kind(of: name)) == .group else { throw failure("missing (no group \(name))") }
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
            default: throw failure("unexpected weight \(dataset) of shape \(shape) (expected one 4-D kernel and one 1-D bias)")
            }
        }
        guard let kernel, let bias else {
            throw failure("expected a 4-D kernel and a 1-D bias, found \(datasets.isEmpty ? "no datasets" : datasets.joined(separator: ", "))")
        }
        let expectedKernel = [3, 3, inChannels, outChannels]
        guard kernel.shape == expectedKernel else {
            throw failure("kernel \(kernel.path) has shape \(kernel.shape), expected \(expectedKernel) (kh, kw, in, out)")
        }
        guard bias.shape == [outChannels] else {
            throw failure("bias \(bias.path) has shape \(bias.shape), expected [\(outChannels)]")
        }
        let kernelValues = try group.read(kernel.path, as: Float.self, rank: 4).values
        let biasValues = try group.read(bias.path, as: Float.self, rank: 1).values
        return ConvWeights(name: name, kernelHWIO: kernelValues, shape: kernel.shape, bias: biasValues)
    }

    /// The datasets anywhere below a group, as paths relative to it.
    private func datasetPaths(in group: H5Group, prefix: String = "") throws -> [String] {
        try group.children(of: prefix.isEmpty ? "." : prefix).flatMap { child -> [String] in
            let path = prefix.isEmpty ? child : "\(prefix)/\(child)"
            switch try group.kind(of: path) {
            case .dataset: return [path]
            case .group: return try datasetPaths(in: group, prefix: path)
            case .other: return []
            }
        }
    }
}
