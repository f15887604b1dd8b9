import ArgumentParser
import Foundation
import Imaging
import Platform
import StyleTransfer
import Visualization

/// `faststyle visualize patches`: the lecture's maximally activating patches.
struct VisualizePatchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patches",
        abstract:
            "For each channel of a VGG layer, the patches of a folder of photographs that activate it most, as a grid.",
        discussion: """
            Each photograph of the folder (searched recursively) is resized to --size pixels on its long side and run \
            through the loss network up to --layer. For every channel the --top units with the highest activation are \
            kept (at most --per-image from one photograph; ties go to the earlier photograph, row, column), and each \
            is \
            shown as its receptive field cut from the photograph, grey (the ImageNet mean colour) where the field \
            reaches \
            past the photograph's edge; --whole-fields leaves such units out. Unreadable photographs, and those too \
            small \
            for the layer, are skipped with a warning.
            """)

    @Option(help: "The VGG ReLU layer, e.g. relu3_3.")
    var layer: String

    @Option(help: "The layer's channels: one (5), a range (0-7) or a comma-separated list of them (0-3,9).")
    var channels: String

    @Option(help: "The folder of photographs (searched recursively).")
    var dataset: String

    @Option(name: .shortAndLong, help: "The grid picture to write (.png or .jpg).")
    var output: String

    @Option(name: .customLong("top"), parsing: .unconditional, help: "Patches per channel.")
    var top: Int = PatchSearchSettings.defaults.top

    @Option(parsing: .unconditional, help: "At most this many of a channel's patches from one photograph.")
    var perImage: Int = PatchSearchSettings.defaults.perImage

    @Option(parsing: .unconditional, help: "Resize each photograph's long side to this many pixels first.")
    var size: Int = PatchSearchSettings.defaults.longSide

    @Flag(help: "Only units whose whole receptive field lies inside the photograph (no patches cut by its edge).")
    var wholeFields = false

    @Option(help: "Pooling in the loss network: max or avg.")
    var pooling: PoolingMode = LossSettings().pooling

    @OptionGroup var weights: VGGWeightsOption
    @OptionGroup var imageOptions: ImageReadingOptions
    @OptionGroup var convolution: ConvolutionOptions<ExactConvolutions>

    func validate() throws {
        try ErrorMessage.validating {
            try settings(channels: []).validate()
        }
        guard ImageFolder.imageExtensions.contains((output as NSString).pathExtension.lowercased()) else {
            throw ValidationError(ImageError.unsupportedOutputExtension(path: output).description)
        }
    }

    private func settings(channels: [Int]) -> PatchSearchSettings {
        var settings = PatchSearchSettings(layer: layer, channels: channels)
        (settings.top, settings.perImage, settings.longSide, settings.wholeFieldsOnly) = (
            top, perImage, size, wholeFields
        )
        return settings
    }

    func run() throws {
        let start = Date()
        try OutputFiles.requireNamed(output, as: .image, inputs: [dataset])
        let variant = try VGGWeights.variant(at: weights.path)
        let field = try ReceptiveField(layer: layer, variant: variant)
        let settings = settings(
            channels: try ChannelSelection.parse(
                channels, channelCount: try variant.layer(relu: layer).outChannels,
                layer: layer))
        let folder = try ImageFolder(path: dataset, readSettings: imageOptions.readSettings)
        let network = try VGGLossNetwork(
            weightsPath: weights.path, upTo: layer, pooling: pooling, policy: try convolution.policy())
        print(
            "visualize patches: \(layer) of \(variant) (field \(field.size)×\(field.size) px, jump \(field.jump)), "
                + "channels \(settings.channels.count), \(folder.count) photographs at \(size) px")
        var display = ProgressDisplay()
        let result = try ActivatingPatches.search(folder, network: network, settings: settings) { event in
            switch event {
            case let .searched(done, total, name):
                let everyTenth = done % max(1, total / 10) == 0 || done == total
                if display.isTerminal || everyTenth {
                    let rate = Double(done) / max(Date().timeIntervalSince(start), 1e-9)
                    display.show(
                        String(format: "%d/%d photographs  %.1f/s  %@", done, total, rate, name),
                        permanent: !display.isTerminal)
                }
            case let .skipped(_, _, name, reason):
                display.finish()
                Diagnostics.warning("skipping \(name): \(reason)")
            }
        }
        display.finish()
        try PatchGrid.image(result, top: top).write(to: output)
        print(
            "visualize patches: wrote \(output): \(result.channels.count) channels × \(top) patches from "
                + "\(result.imagesSearched) photographs in \(DurationText.format(Date().timeIntervalSince(start)))")
    }
}
