import ArgumentParser

/// `--vgg`, for every command that runs the loss network.
struct VGGWeightsOption: ParsableArguments {
    @Option(help: ArgumentHelp("The VGG weights (Keras HDF5 layout).",
                               discussion: "Default: $FASTSTYLE_VGG, else weights/vgg16.h5 of the repository."))
    var vgg: String?

    var path: String { vgg ?? DefaultWeightsPath.resolve() }
}
