import ArgumentParser
import Foundation
import Imaging
import Platform
import StyleTransfer

/// `faststyle optimize`: the slow reference method (Gatys et al. 2016).
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Stylize one image by optimizing its pixels against the VGG loss (Gatys et al.), slowly.",
        usage: "faststyle optimize [--content <content>] [--style <style> ...] --output <output> [<options>]",
        discussion: """
            Needs --content, --style or both. Without --content it synthesizes the style's texture; with \
            --style-weight 0 (and --init noise) it inverts the content image's features at --content-layers. \
            Writes OUT and, beside it, OUT's name with .json: the options, the loss after every iteration and \
            the time.
            """)

    @Option(help: "The content photograph (default: none, texture synthesis).")
    var content: String?

    @Option(help: "A style image; repeat for several styles (see --style-blend) (default: none, feature inversion).")
    var style: [String] = []

    @Option(help: "Comma-separated weights of several --style images (default: equal).")
    var styleBlend: String?

    @Option(name: .shortAndLong, help: "The output image (.png or .jpg).")
    var output: String

    @Flag(help: "Replace the report (OUT.json) and snapshots of an earlier run beside the output (default: refuse).")
    var overwrite = false

    @OptionGroup var lossOptions: LossOptions<LibraryLossDefaults>
    @OptionGroup var optimization: OptimizationOptions<OptimizeDefaults>
    @OptionGroup var weights: VGGWeightsOption
    @OptionGroup var imageOptions: ImageReadingOptions
    @OptionGroup var convolution: ConvolutionOptions<FastestConvolutions>

    @Option(parsing: .unconditional, help: "Long side of the output in pixels.")
    var size: Int = 512

    @Option(
        parsing: .unconditional,
        help: "Size of the style image relative to the output (its long side = style-scale × size).")
    var styleScale: Double = 1

    @Option(
        name: [.customLong("initialization"), .customLong("init")],
        help: "Starting image: content, noise, or a path to an image (default: content if given, else noise).")
    var initialization: String?

    @Option(
        parsing: .unconditional, help: "Save the image every N iterations next to the output (OUT_0100.png); 0: never.")
    var saveEvery: Int = 0

    @Flag(
        name: [.customLong("preserve-colors"), .customLong("original-colors")],
        help: "Keep the content image's colours: transfer the style to the luminance only.")
    var preserveColors = false

    func validate() throws {
        try ErrorMessage.validating { try InputSize.validate(size) }
        guard styleScale > 0, styleScale.isFinite, InputSize.accepted.contains(styleLongSide) else {
            throw ValidationError(
                "--style-scale must make the style's long side (\(size) × --style-scale) between "
                    + "\(InputSize.accepted.lowerBound) and \(InputSize.accepted.upperBound) pixels, got \(styleScale)")
        }
        guard saveEvery >= 0 else { throw ValidationError("--save-every must not be negative, got \(saveEvery)") }
        guard content != nil || !style.isEmpty else { throw ValidationError("give --content, --style or both") }
        if let styleBlend {
            guard let weights = Self.parseWeights(styleBlend), weights.count == style.count else {
                throw ValidationError(
                    "--style-blend needs \(style.count) comma-separated numbers, one per --style, got '\(styleBlend)'")
            }
            _ = weights
        }
    }

    static func parseWeights(_ text: String) -> [Float]? {
        let values = text.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
        return values.contains(where: { $0 == nil }) ? nil : values.compactMap { $0 }
    }

    /// The style images' long side; 0 when --style-scale is not a finite positive number.
    private var styleLongSide: Int {
        let side = (Double(size) * styleScale).rounded()
        return side.isFinite && side < Double(InputSize.accepted.upperBound + 1) ? max(1, Int(side)) : 0
    }

    func run() throws {
        let files = OptimizationFiles(output: output, saveEvery: saveEvery)
        try files.requireWritable(
            iterations: optimization.iterations,
            inputs: [content].compactMap { $0 } + style
                + [initialization].compactMap { $0 }.filter { !["content", "noise"].contains($0) }, overwrite: overwrite
        )
        let contentImage = try content.map {
            try Image(contentsOf: $0, settings: imageOptions.readSettings).resized(longSide: size)
        }
        let styleImages = try style.map {
            try Image(contentsOf: $0, settings: imageOptions.readSettings).resized(longSide: styleLongSide)
        }
        let (width, height) = contentImage.map { ($0.width, $0.height) } ?? (size, size)

        var settings = OptimizationSettings()
        settings.loss = try lossOptions.settings(hasContent: contentImage != nil, hasStyle: !styleImages.isEmpty)
        optimization.apply(to: &settings)
        settings.preserveColors = preserveColors

        let initial: Image
        switch initialization ?? (contentImage != nil ? "content" : "noise") {
        case "content":
            guard let contentImage else { throw ValidationError("--init content needs --content") }
            initial = contentImage
        case "noise": initial = StyleOptimizer.noise(width: width, height: height, seed: settings.seed)
        case let path:
            initial = try Image(contentsOf: path, settings: imageOptions.readSettings).resized(
                width: width, height: height)
        }

        try WorkingMemory.requireOptimization(
            width: width, height: height, settings: settings, name: output,
            sizeSettings: [(.longSide, size)])
        let loss = try PerceptualLoss(
            weightsPath: weights.path, settings: settings.loss, policy: try convolution.policy())
        let optimizer = StyleOptimizer(loss: loss)
        let l = settings.loss
        print(
            "optimize: \(width)×\(height), \(settings.method) for \(settings.iterations) iterations; content "
                + "\(l.contentLayers.joined(separator: ",")) ×\(l.contentWeight), style "
                + "\(l.styleLayers.joined(separator: ",")) "
                + "×\(l.styleWeight), TV ×\(l.totalVariationWeight), \(l.pooling.rawValue) pooling")

        var display = ProgressDisplay()
        let options = optimization
        let start = Date()
        let result = try optimizer.run(
            content: contentImage, styles: styleImages, styleBlend: styleBlend.flatMap(Self.parseWeights),
            initial: initial, settings: settings
        ) { p in
            options.show(p, on: &display)
            return true
        } snapshot: { iteration, image in
            guard files.takesSnapshot(after: iteration) else { return }
            try image.clamped().write(to: files.snapshot(iteration))
        }
        display.finish()
        try result.image.write(to: output)
        let seconds = Date().timeIntervalSince(start)
        try OptimizationReport(
            settings: settings, command: CommandLine.arguments, width: width, height: height,
            seconds: seconds, history: result.history
        ).write(besides: output)
        if let first = result.history.first, let last = result.history.last {
            print(
                String(
                    format: "optimize: wrote %@ (%.1f s): total loss %.5g → %.5g (content %.4g, style %.4g, tv %.4g)",
                    output, seconds, first.total, last.total, last.content, last.style, last.totalVariation))
        }
    }
}
