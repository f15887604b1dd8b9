import ArgumentParser
import Foundation
import H5
import Imaging
import NN
import Platform
import StyleTransfer
import Tensors

/// `faststyle features`: a look inside the loss network, and our numerical check.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Write an image's VGG activations and Gram matrices to HDF5.",
        discussion: "Each layer's activations become a float32 N×C×H×W dataset named after the layer; its Gram matrix (normalized by C·H·W) goes to gram/<layer>.")

    @Option(help: "The image (PNG or JPEG).")
    var image: String

    @Option(parsing: .unconditional, help: "Resize the long side to this many pixels first (default: keep the size).")
    var size: Int?

    @Option(help: "Comma-separated VGG layers, e.g. relu1_2,relu2_2,relu3_3,relu4_3.")
    var layers: String = "relu1_2,relu2_2,relu3_3,relu4_3"

    @Option(name: .shortAndLong, help: "The HDF5 file to write.")
    var output: String

    @Option(help: "Pooling in the loss network: max or avg.")
    var pooling: PoolingMode = LossConfiguration().pooling

    @OptionGroup var weights: VGGWeightsOption
    @OptionGroup var imageOptions: ImageReadingOptions
    @OptionGroup var convolution: ConvolutionOptions<ExactConvolutions>

    private var names: [String] {
        layers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        if let size { try ErrorMessage.validating { try InputSize.validate(size) } }
        guard !names.isEmpty else { throw ValidationError("--layers names no layer") }
    }

    func run() throws {
        let names = self.names
        try OutputFiles.requireNamed(output, as: .checkpoint, inputs: [image])
        var picture = try Image(contentsOf: image, options: imageOptions.readOptions)
        let resized = InputSize.size(width: picture.width, height: picture.height, longSide: size)
        try WorkingMemory.requireLossNetwork(width: resized.width, height: resized.height, layers: names, name: image,
                                             settings: size.map { [(.longSide, $0)] } ?? [])
        picture = InputSize.resized(picture, longSide: size)
        let network = try VGGLossNetwork(weightsPath: weights.path, covering: names, pooling: pooling,
                                         policy: try convolution.policy())
        let activations = try network.forward(Tensor(image: picture), taps: names)
        try H5File.writeAtomically(to: output) { file in
            try file.setAttribute("image", image)
            try file.setAttribute("size", "\(picture.width)x\(picture.height)")
            try file.createGroup("gram")
            for name in names {
                let features = activations[name]!
                try file.write(features.toArray(), shape: features.shape, to: name)
                let gram = try GramMatrix().forward(features)
                try file.write(gram.toArray(), shape: gram.shape, to: "gram/\(name)")
            }
        }
        print("features: wrote \(output): \(names.count) layers of \(image) at \(picture.width)×\(picture.height)")
    }
}
