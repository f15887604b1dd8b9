import ArgumentParser
import Comparison
import Foundation
import Imaging
import ONNX
import StyleTransfer

/// `faststyle compare`: the slow optimization and the fast network side by side, measured with
/// one loss (Johnson et al.'s Figure 5 and speed table, for your checkpoint and photographs).
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract:
            "Compare the slow optimization (Gatys et al.) with a trained network on the same photographs and loss.",
        discussion: """
            The style, loss weights, layers and pooling default to those stored in the checkpoint (its Gram \
            targets: the style image itself is not needed), so both methods minimize the same objective; the \
            loss options override them. For each content image it runs the optimization and the network at \
            --size and measures both 8-bit outputs with that loss; the network's time is the median of 3 \
            forward passes after a warm-up. Writes to the output folder: <name>_content.png (the input of \
            both), <name>_slow.png, <name>_fast.png, panel.png, metrics.json, curve.svg and report.html, and \
            prints the table.
            """)

    @Option(help: "The network: a checkpoint written by `faststyle train` or `faststyle export`, or an ONNX model.")
    var model: String

    @Option(help: "A content photograph or a folder of them; repeat for several.")
    var content: [String]

    @Option(
        help: """
            For a network of several styles, the name of the one to compare; or a style image whose Gram targets \
            replace the checkpoint's (default: the checkpoint's stored targets).
            """
    )
    var style: String?

    @Option(
        help: ArgumentHelp(
            "A blend of the network's styles to compare, NAME=WEIGHT,… (its targets the blend of theirs) (default: "
                + "none).",
            valueName: "blend"))
    var blend: String?

    @Option(
        parsing: .unconditional,
        help: "Long side of --style when its Gram matrices are computed (default: the checkpoint's style size).")
    var styleSize: Int?

    @Option(name: .shortAndLong, help: "The output folder.")
    var output: String

    @Flag(help: "Replace the files of an earlier comparison in the output folder (default: refuse).")
    var overwrite = false

    @OptionGroup var lossOptions: LossOptions<CheckpointLossDefaults>
    @OptionGroup var optimization: OptimizationOptions<CompareDefaults>
    @OptionGroup var weights: VGGWeightsOption
    @OptionGroup var imageOptions: ImageReadingOptions
    @OptionGroup var convolution: ConvolutionOptions<Float32Convolutions>

    @Option(parsing: .unconditional, help: "Long side of the content images for both methods, in pixels.")
    var size: Int = ComparisonSettings().size

    /// Which objective both outputs are measured with, before the loss options.
    enum Objective: String, ExpressibleByArgument, CaseIterable {
        /// The weights, layers and pooling the network was trained with.
        case checkpoint
        /// Johnson et al.'s, whatever the network was trained with, so that networks trained with
        /// different weights are compared on one objective.
        case johnson
    }

    @Option(
        help: ArgumentHelp(
            "The objective of both methods: checkpoint (the weights and layers the network was trained with) or "
                + "johnson (content 1 × relu2_2, style 5 × relu1_2…relu4_3, TV 1e-6, max pooling; with the "
                + "checkpoint's style targets). The loss options override it.",
            valueName: "checkpoint|johnson"))
    var loss: Objective = .checkpoint

    @Option(
        name: [.customLong("initialization"), .customLong("init")],
        help: "Starting image of the optimization: content or noise.")
    var initialization: ComparisonSettings.Initialization = .content

    func validate() throws {
        if let styleSize { try ErrorMessage.validating { try InputSize.validate(styleSize, .styleSize) } }
        var settings = ComparisonSettings()
        settings.size = size
        optimization.apply(to: &settings.optimization)
        try ErrorMessage.validating { try settings.validate() }
    }

    func run() throws {
        let files = try ComparisonFiles.contentFiles(content, readSettings: imageOptions.readSettings)
        try ComparisonFiles.requireWritable(output, imageNames: files.map(\.name), overwrite: overwrite)
        var checkpoint = try NetworkFile.checkpoint(at: model)
        // --style names one of the network's styles, or is an image.
        let styleName = style.flatMap {
            checkpoint.settings.network.styles > 1 && checkpoint.settings.styleNames.contains($0) ? $0 : nil
        }
        let style = styleName == nil ? self.style : nil
        checkpoint = try checkpoint.selecting(
            try blend.map(StyleMix.init(blend:)) ?? styleName.map(StyleMix.init(name:)), path: model)
        let contentImages = try files.map {
            (name: $0.name, image: try Image(contentsOf: $0.path, settings: imageOptions.readSettings))
        }

        var settings = ComparisonSettings()
        settings.size = size
        settings.initialization = initialization
        settings.optimization.loss = try lossOptions.settings(
            over: loss == .johnson ? .johnson : checkpoint.settings.loss)
        optimization.apply(to: &settings.optimization)

        // The style for the targets (only with --style) and for display (also the recorded one, if found).
        let styleForTargets = try style.map { path -> Image in
            let image = try Image(contentsOf: path, settings: imageOptions.readSettings)
            return (styleSize ?? checkpoint.settings.styleSize).map { image.resized(longSide: $0) } ?? image
        }
        let styleShown =
            try styleForTargets
            ?? ComparisonFiles.recordedStyle(of: checkpoint, at: model).map {
                try Image(contentsOf: $0, settings: imageOptions.readSettings)
            }

        try WorkingMemory.requireOptimization(
            width: size, height: size, settings: settings.optimization, name: "each image",
            sizeSettings: [(.longSide, size)])
        let policy = try convolution.policy()
        let loss = try PerceptualLoss(weightsPath: weights.path, settings: settings.optimization.loss, policy: policy)
        let comparison = try Comparison(
            checkpoint: checkpoint, path: model, loss: loss, style: styleForTargets, settings: settings,
            policy: policy)
        try ComparisonFiles.prepare(output)
        let l = settings.optimization.loss
        let o = settings.optimization
        print(
            "compare: \(contentImages.count) image(s) at \(size) px; \(o.method) for \(o.iterations) iterations vs "
                + "\(model); "
                + "content \(l.contentLayers.joined(separator: ",")) ×\(l.contentWeight), style "
                + "\(l.styleLayers.joined(separator: ",")) ×\(l.styleWeight) "
                + "(\(style.map { "targets from \($0)" } ?? "targets from the checkpoint")), TV "
                + "×\(l.totalVariationWeight), \(l.pooling.rawValue) pooling"
        )

        var results: [ComparedImage] = []
        var display = ProgressDisplay()
        let options = optimization
        for (index, item) in contentImages.enumerated() {
            let prefix = "[\(index + 1)/\(contentImages.count)] \(item.name)"
            let result = try comparison.run(item.image, name: item.name) { p in
                options.show(p, prefix: prefix + "  ", on: &display)
                return true
            }
            display.finish()
            print(
                String(
                    format: "%@: %d×%d  slow %.2f s, loss %.5g  |  fast %.3f s, loss %.5g", prefix,
                    result.content.width,
                    result.content.height, result.slowSeconds, result.slowLoss.total, result.fastSeconds,
                    result.fastLoss.total))
            results.append(result)
        }

        let metrics = ComparisonMetrics(
            model: model, style: style ?? checkpoint.settings.styleImage,
            styleTargetsFromCheckpoint: style == nil, settings: settings, results: results)
        try ComparisonFiles.write(
            results: results, metrics: metrics, style: styleShown.map { $0.resized(longSide: size).clamped() },
            to: output)
        print("")
        print(metrics.table, terminator: "")
        print("compare: wrote \(output)/: panel.png, metrics.json, curve.svg, report.html and the images")
    }
}

extension ComparisonSettings.Initialization: ExpressibleByArgument {}
