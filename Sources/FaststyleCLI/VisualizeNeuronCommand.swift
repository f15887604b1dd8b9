import ArgumentParser
import Foundation
import Imaging
import Platform
import StyleTransfer
import Visualization

/// `faststyle visualize neuron`: gradient ascent on the pixels for one channel.
struct VisualizeNeuronCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neuron",
        abstract: "Synthesize the image a VGG channel responds to most (gradient ascent from noise or grey).",
        discussion: """
            Maximizes the channel's mean activation over the feature map (or, with --center, the unit at its \
            centre) with the regularizers of Yosinski et al. 2015: L2 decay towards the mean colour, a Gaussian \
            blur every few steps, and resetting pixels with small values or small gradients to the mean colour.
            """)

    @Option(help: "The VGG layer, e.g. relu2_2, relu3_3, relu4_3.")
    var layer: String = NeuronSettings().layer

    @Option(parsing: .unconditional, help: "The channel to maximize, from 0 (default: 0).")
    var channel: Int?

    @Option(
        help: """
            Several channels: a range (0-7) or a list (0-3,9); writes a labelled grid of them (default: one, --channel).
            """
    )
    var channels: String?

    @Flag(help: "Maximize the centre unit of the feature map instead of the channel's mean.")
    var center = false

    @Option(name: .shortAndLong, help: "The output image (.png or .jpg).")
    var output: String

    @Option(parsing: .unconditional, help: "Side of the square image, in pixels.")
    var size: Int = NeuronSettings().size

    @Option(parsing: .unconditional, help: "Gradient steps.")
    var iterations: Int = NeuronSettings().iterations

    @Option(parsing: .unconditional, help: "Mean change of a sample per step, in levels of 255.")
    var step: Float = NeuronSettings().step

    @Option(
        parsing: .unconditional,
        help: "L2 decay: the fraction the image's offsets from the mean colour shrink by per step.")
    var decay: Float = NeuronSettings().decay

    @Option(parsing: .unconditional, help: "Blur the image every N steps (0: never).")
    var blurEvery: Int = NeuronSettings().blurEvery

    @Option(parsing: .unconditional, help: "Standard deviation of that blur, in pixels.")
    var blurSigma: Double = NeuronSettings().blurSigma

    @Option(
        parsing: .unconditional,
        help: "Reset pixels whose offset from the mean colour is below this percentile (0–100; 0: never).")
    var valueClip: Float = NeuronSettings().valueClip

    @Option(parsing: .unconditional, help: "Reset pixels whose gradient is below this percentile (0–100; 0: never).")
    var gradientClip: Float = NeuronSettings().gradientClip

    @Option(help: "Start from noise or grey.")
    var start: NeuronSettings.Start = NeuronSettings().start

    @Option(parsing: .unconditional, help: "Seed of the starting noise.")
    var seed: UInt64 = NeuronSettings().seed

    @Option(help: "Pooling in the loss network: max or avg.")
    var pooling: PoolingMode = NeuronSettings().pooling

    @OptionGroup var weights: VGGWeightsOption
    @OptionGroup var convolution: ConvolutionOptions<FastestConvolutions>

    func validate() throws {
        guard channel == nil || channels == nil else { throw ValidationError("give --channel or --channels, not both") }
        try ErrorMessage.validating { try settings.validate() }
    }

    private var settings: NeuronSettings {
        var settings = NeuronSettings()
        settings.layer = layer
        settings.channel = channel ?? 0
        settings.center = center
        settings.size = size
        settings.iterations = iterations
        settings.step = step
        settings.decay = decay
        settings.blurEvery = blurEvery
        settings.blurSigma = blurSigma
        settings.valueClip = valueClip
        settings.gradientClip = gradientClip
        settings.start = start
        settings.seed = seed
        settings.pooling = pooling
        return settings
    }

    func run() throws {
        try OutputFiles.requireNamed(output, as: .image)
        _ = try VGGWeights.variant(at: weights.path).layer(relu: layer)
        try WorkingMemory.requireGradientAscent(
            width: size, height: size, layer: layer, name: "visualizing \(layer)",
            settings: [(.longSide, size)])
        let visualization = try NeuronVisualization(
            weightsPath: weights.path, layer: layer, pooling: pooling,
            policy: try convolution.policy())
        let chosen =
            try channels.map { try ChannelSelection.parse($0, channelCount: visualization.channelCount, layer: layer) }
            ?? [channel ?? 0]
        let settings = self.settings
        let unit = center ? " (centre unit)" : ""
        print(
            "visualize neuron: \(layer) channel\(chosen.count == 1 ? "" : "s") \(channels ?? "\(chosen[0])")\(unit), "
                + "\(size)×\(size), \(iterations) steps from \(start.rawValue)")
        var display = ProgressDisplay()
        let entries = try visualization.run(settings: settings, channels: chosen) { channel, p in
            display.show(
                String(
                    format: "channel %d  step %4d/%d  activation %.4g  %.1f s", channel, p.iteration, p.iterations,
                    p.activation, p.seconds),
                permanent: p.iteration == p.iterations)
            return true
        }
        display.finish()
        let picture =
            entries.count == 1
            ? entries[0].image
            : NeuronGrid.image(entries, heading: "\(layer)\(unit): \(iterations) steps from \(start.rawValue)")
        try picture.write(to: output)
        print(
            "visualize neuron: wrote \(output): "
                + entries.map { String(format: "channel %d %.4g", $0.channel, $0.activation) }
                .joined(separator: ", "))
        let silent = entries.filter { $0.activation == 0 }.map { "\($0.channel)" }
        if !silent.isEmpty {
            // Through a ReLU that is zero there is no gradient: the ascent never moved.
            Diagnostics.warning(
                "channel \(silent.joined(separator: ", ")) never fired from this start, so its image did not "
                    + "change; try another --seed, --start noise"
                    + (center ? " or the channel's mean (no --center)" : ""))
        }
    }
}

extension NeuronSettings.Start: ExpressibleByArgument {}
