import ArgumentParser
import Platform
import StyleTransfer
import Visualization

/// `faststyle visualize filters`: the first convolution's filters as pictures.
struct VisualizeFiltersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filters",
        abstract: "Draw the first VGG layer's 64 filters (3×3 RGB) as an enlarged grid.",
        discussion: "Each filter is scaled on its own so its smallest weight is black and its largest white.")

    @Option(name: .shortAndLong, help: "The output image (.png or .jpg).")
    var output: String

    @Option(parsing: .unconditional, help: "Each weight drawn as a square of this many pixels.")
    var scale: Int = 16

    @Option(parsing: .unconditional, help: "Filters per row.")
    var columns: Int = 8

    @OptionGroup var weights: VGGWeightsOption

    func validate() throws {
        guard (1...256).contains(scale) else {
            throw ValidationError("--scale must be between 1 and 256, got \(scale)")
        }
        guard (1...64).contains(columns) else {
            throw ValidationError("--columns must be between 1 and 64, got \(columns)")
        }
    }

    func run() throws {
        try OutputFiles.requireNamed(output, as: .image)
        let first = try VGGWeights.load(from: weights.path, upTo: "block1_conv1").layers[0]
        let grid = FilterGrid.render(first, scale: scale, columns: columns)
        try grid.write(to: output)
        print(
            "visualize filters: wrote \(output): \(first.outChannels) filters of \(first.name), "
                + "\(first.kernelHeight)×\(first.kernelWidth), \(grid.width)×\(grid.height) pixels")
    }
}
