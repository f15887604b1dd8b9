import ArgumentParser

/// `--vgg`, for every command that runs the loss network.
struct VGGWeightsOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The VGG weights (Keras HDF5 layout).",
            discussion: "Default: \(DataFile.vggWeights.lookup)."))
    var vgg: String?

    var path: String {
        get throws { try vgg ?? DataFile.vggWeights.resolve() }
    }
}
