import Foundation
import H5
import Platform

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

    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    public func layer(named name: String) -> ConvWeights? { layers.first { $0.name == name } }

    // MARK: Reading

    /// The variant of the weights at `path`, from its layer names (reads no weights).
    public static func variant(at path: String) throws -> VGGVariant {
        guard FileKind.isPresent(path) else { throw WeightsError.missing(path) }
        return try KerasReader(path: path).variant
    }

    /// Loads the convolution layers from a Keras HDF5 file, in network order, through
    /// `lastLayer` when given (only the layers the loss network needs).
    public static func load(from path: String, upTo lastLayer: String? = nil) throws -> VGGWeights {
        guard FileKind.isPresent(path) else { throw WeightsError.missing(path) }
        let reader = try KerasReader(path: path)
        var expected = reader.variant.convolutions
        if let lastLayer {
            guard let index = expected.firstIndex(where: { $0.name == lastLayer }) else {
                throw WeightsError(
                    "\(path): \(reader.variant) has no convolution layer \(lastLayer) (layers: "
                        + "\(expected.map(\.name).joined(separator: ", ")))"
                )
            }
            expected = Array(expected[...index])
        }
        let layers = try expected.map {
            try reader.layer($0.name, inChannels: $0.inChannels, outChannels: $0.outChannels)
        }
        return VGGWeights(layers: layers, variant: reader.variant)
    }

    /// Every problem found in the file, each naming the file and, where it applies, the layer;
    /// empty when all layers of the variant load with the right shapes and finite values.
    public static func verify(path: String) -> [Error] {
        guard FileKind.isPresent(path) else { return [WeightsError.missing(path)] }
        let reader: KerasReader
        do { reader = try KerasReader(path: path) } catch { return [error] }
        return reader.variant.convolutions.compactMap { expected in
            do {
                _ = try reader.layer(expected.name, inChannels: expected.inChannels, outChannels: expected.outChannels)
                return nil
            } catch {
                return error
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
        let blocks = Set(variant.convolutions.filter { layer(named: $0.name) != nil }.map(\.block))
        let layerNames = variant.kerasLayerNames(inBlocks: blocks)
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
                try file.write(
                    layer.kernelHWIO,
                    shape: [layer.kernelHeight, layer.kernelWidth, layer.inChannels, layer.outChannels],
                    to: "\(name)/\(kernel)")
                try file.write(layer.bias, shape: [layer.outChannels], to: "\(name)/\(bias)")
                try file.setAttribute("weight_names", [kernel, bias], on: name)
            }
            for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
                try file.setAttribute(key, value)
            }
        }
    }
}
