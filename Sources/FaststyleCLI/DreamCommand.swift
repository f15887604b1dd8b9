import ArgumentParser
import Foundation
import Imaging
import Platform
import StyleTransfer
import Visualization

/// `faststyle dream`: DeepDream on the loss network.
struct DreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dream",
        abstract: "Amplify what a VGG layer sees in an image (DeepDream).",
        discussion: """
            Each step runs the image forward to --layer, sets that layer's gradient to its own activation \
            (amplify what is there), runs backward to the image and moves the pixels a normalized --step; the \
            image is shifted by a random --jitter first and back after. The image is processed at --octaves \
            scales --octave-scale apart, smallest first, carrying the detail added at each to the next. \
            Shallow layers (relu2_x, relu3_x) paint strokes and textures, block 4 eyes, fur and arches, block 5 \
            larger shapes.
            """)

    @Argument(help: "The image (PNG or JPEG).")
    var image: String

    @Option(name: .shortAndLong, help: "The output image (.png or .jpg).")
    var output: String

    @Option(help: "The VGG layer whose activations are amplified, e.g. relu3_3, relu4_2, relu5_1.")
    var layer: String = DreamSettings().layer

    @Option(parsing: .unconditional, help: "Steps per octave.")
    var iterations: Int = DreamSettings().iterations

    @Option(parsing: .unconditional, help: "Scales the image is processed at, smallest first.")
    var octaves: Int = DreamSettings().octaves

    @Option(parsing: .unconditional, help: "Size ratio of consecutive octaves (> 1).")
    var octaveScale: Double = DreamSettings().octaveScale

    @Option(parsing: .unconditional, help: "Mean change of a sample per step, in levels of 255.")
    var step: Float = DreamSettings().step

    @Option(parsing: .unconditional, help: "Largest random shift of the image before each step, in pixels (0: none).")
    var jitter: Int = DreamSettings().jitter

    @Option(parsing: .unconditional, help: "Seed of the jitter.")
    var seed: UInt64 = DreamSettings().seed

    @Option(parsing: .unconditional, help: "Resize the long side to this many pixels first (default: keep the size).")
    var size: Int?

    @Option(help: "Pooling in the loss network: max or avg.")
    var pooling: PoolingMode = DreamSettings().pooling

    @OptionGroup var weights: VGGWeightsOption
    @OptionGroup var imageOptions: ImageReadingOptions
    @OptionGroup var convolution: ConvolutionOptions<FastestConvolutions>

    func validate() throws {
        if let size { try ErrorMessage.validating { try InputSize.validate(size) } }
        try ErrorMessage.validating { try settings.validate() }
    }

    private var settings: DreamSettings {
        var settings = DreamSettings()
        settings.layer = layer
        settings.iterations = iterations
        settings.octaves = octaves
        settings.octaveScale = octaveScale
        settings.step = step
        settings.jitter = jitter
        settings.seed = seed
        settings.pooling = pooling
        return settings
    }

    func run() throws {
        try OutputFiles.requireNamed(output, as: .image, inputs: [image])
        _ = try VGGWeights.variant(at: weights.path).layer(relu: layer)
        let settings = self.settings
        let original = try Image(contentsOf: image, settings: imageOptions.readSettings)
        let resized = InputSize.size(width: original.width, height: original.height, longSide: size)
        let sizeSettings: [(Setting, Any)] = size.map { [(.longSide, $0)] } ?? []
        try WorkingMemory.requireGradientAscent(
            width: resized.width, height: resized.height, layer: layer,
            name: "dreaming \(image)", settings: sizeSettings)
        let picture = InputSize.resized(original, longSide: size)
        let sizes = try settings.octaveSizes(width: picture.width, height: picture.height)
        let dream = try DeepDream(weightsPath: weights.path, settings: settings, policy: try convolution.policy())
        print(
            "dream: \(picture.width)×\(picture.height) at \(layer), \(sizes.count) octaves from "
                + "\(sizes[0].width)×\(sizes[0].height), \(iterations) steps each, step \(step), jitter \(jitter)")
        var display = ProgressDisplay()
        let start = Date()
        let result = try dream.run(picture, settings: settings) { p in
            let line = String(
                format: "octave %d/%d  %d×%d  step %3d/%d  ½a² per unit %.4g  %.1f s",
                p.octave, p.octaves, p.width, p.height, p.iteration, p.iterations, p.objective, p.seconds)
            display.show(line, permanent: p.iteration == p.iterations)
            return true
        }
        display.finish()
        try result.write(to: output)
        print(String(format: "dream: wrote %@ (%.1f s)", output, Date().timeIntervalSince(start)))
    }
}
