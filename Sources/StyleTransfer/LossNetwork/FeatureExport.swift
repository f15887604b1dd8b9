import Foundation
import H5
import Imaging
import NN
import Platform
import Tensors

/// An image's loss-network activations and Gram matrices as an HDF5 file (`faststyle
/// features`): each layer's activations a float32 N×C×H×W dataset named after the layer, its Gram
/// matrix (normalized by C·H·W) at gram/<layer>; attributes `image` and `size`.
public struct FeatureExport {
    public let weightsPath: String
    public let layers: [String]
    public let pooling: PoolingMode
    public let policy: ConvolutionPolicy

    public init(weightsPath: String, layers: [String], pooling: PoolingMode, policy: ConvolutionPolicy = .exact) {
        self.weightsPath = weightsPath
        self.layers = layers
        self.pooling = pooling
        self.policy = policy
    }

    /// Writes the features of `image` (read from `name`, resized so its long side is `longSide`)
    /// to `output`, checked before any work; returns the size they were taken at.
    @discardableResult
    public func write(_ name: String, longSide: Int?, readSettings: ImageReadSettings, to output: String) throws -> (
        width: Int, height: Int
    ) {
        try OutputFiles.requireNamed(output, as: .checkpoint, inputs: [name])
        var picture = try Image(contentsOf: name, settings: readSettings)
        let resized = InputSize.size(width: picture.width, height: picture.height, longSide: longSide)
        try WorkingMemory.requireLossNetwork(
            width: resized.width, height: resized.height, layers: layers, name: name,
            settings: longSide.map { [(.longSide, $0)] } ?? [])
        picture = InputSize.resized(picture, longSide: longSide)
        let network = try VGGLossNetwork(weightsPath: weightsPath, covering: layers, pooling: pooling, policy: policy)
        let activations = try network.forward(Tensor(image: picture), taps: layers)
        try H5File.writeAtomically(to: output) { file in
            try file.setAttribute("image", name)
            try file.setAttribute("size", "\(picture.width)x\(picture.height)")
            try file.createGroup("gram")
            for layer in layers {
                let features = activations[layer]!
                try file.write(features.toArray(), shape: features.shape, to: layer)
                let gram = try GramMatrix().forward(features)
                try file.write(gram.toArray(), shape: gram.shape, to: "gram/\(layer)")
            }
        }
        return (picture.width, picture.height)
    }
}
