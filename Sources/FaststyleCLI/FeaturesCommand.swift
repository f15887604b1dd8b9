import ArgumentParser
import Foundation
import Imaging
import StyleTransfer

/// `faststyle features`: a look inside the loss network, and our numerical check.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Write an image's VGG activations and Gram matrices to HDF5.",
        discussion:
            "Each layer's activations become a float32 N×C×H×W dataset named after the layer; its Gram matrix "
            + "(normalized by C·H·W) goes to gram/<layer>."
    )

    @Option(help: "The image (PNG or JPEG).")
    var image: String

    @Option(parsing: .unconditional, help: "Resize the long side to this many pixels first (default: keep the size).")
    var size: Int?

    @Option(help: "Comma-separated VGG layers, e.g. relu1_2,relu2_2,relu3_3,relu4_3.")
    var layers: String = "relu1_2,relu2_2,relu3_3,relu4_3"

    @Option(name: .shortAndLong, help: "The HDF5 file to write.")
    var output: String

    @Option(help: "Pooling in the loss network: max or avg.")
    var pooling: PoolingMode = LossSettings().pooling

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
        let export = FeatureExport(
            weightsPath: try weights.path, layers: names, pooling: pooling, policy: try convolution.policy())
        let (width, height) = try export.write(
            image, longSide: size, readSettings: imageOptions.readSettings, to: output)
        print("features: wrote \(output): \(names.count) layers of \(image) at \(width)×\(height)")
    }
}
