import ArgumentParser
import Foundation
import Imaging
import StyleTransfer

/// `faststyle compare`: the slow optimization and the fast network side by side, measured with
/// one loss (Johnson et al.'s Figure 5 and speed table, for your checkpoint and photographs).
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the slow optimization (Gatys et al.) with a trained network on the same photographs and loss.",
        discussion: """
            The style, loss weights and layers default to those stored in the checkpoint (its Gram targets: \
            the style image itself is not needed), so both methods minimize the same objective; the loss \
            options override them. For each content image it runs the optimization and the network at --size \
            and measures both 8-bit outputs with that loss; the network's time is the median of 3 forward \
            passes after a warm-up. Writes to DIR: <name>_content.png (the input of \
            both), <name>_slow.png, <name>_fast.png, panel.png, metrics.json, curve.svg and report.html, and \
            prints the table.
            """)

    @Option(help: "A checkpoint written by `faststyle train`.")
    var model: String

    @Option(help: "A content photograph or a folder of them; repeat for several.")
    var content: [String] = []

    @Option(help: "A style image whose Gram targets replace the checkpoint's (default: the checkpoint's stored targets).")
    var style: String?

    @Option(help: "Long side of --style when its Gram matrices are computed (default: the checkpoint's style size).")
    var styleSize: Int?

    @Option(name: .shortAndLong, help: "The output folder.")
    var output: String

    @OptionGroup var lossOptions: LossOptions
    @OptionGroup var lossNetwork: LossNetworkOptions
    @OptionGroup var imageOptions: ImageReadingOptions

    @Option(help: "Long side of the content images for both methods, in pixels.")
    var size: Int = ComparisonSettings().size

    @Option(help: "Starting image of the optimization: content or noise.")
    var initialization: ComparisonSettings.Initialization = .content

    @Option(help: "Random seed (noise initialization).")
    var seed: UInt64 = 0

    @Option(help: "lbfgs or adam.")
    var optimizer: OptimizationSettings.Method = .lbfgs

    @Option(help: "Iterations of the optimization (L-BFGS: one loss evaluation each).")
    var iterations: Int = ComparisonSettings().optimization.iterations

    @Option(help: "Step: L-BFGS step length (default 1), Adam's step in pixel values (default 10).")
    var learningRate: Float?

    @Option(help: "Print the optimization's losses every N iterations.")
    var printEvery: Int = 50

    func validate() throws {
        guard size > 0 else { throw ValidationError("--size must be positive, got \(size)") }
        guard iterations > 0 else { throw ValidationError("--iterations must be positive, got \(iterations)") }
        guard printEvery > 0 else { throw ValidationError("--print-every must be positive, got \(printEvery)") }
        if let styleSize, styleSize <= 0 { throw ValidationError("--style-size must be positive, got \(styleSize)") }
        guard !content.isEmpty else { throw ValidationError("give at least one --content photograph or folder") }
        try lossOptions.validate()
    }

    func run() throws {
        let checkpoint = try InfoCommand.readCheckpoint(model)
        let contentImages = try contentFiles().map { (name: $0.name, image: try Image(contentsOf: $0.path, options: imageOptions.readOptions)) }

        var settings = ComparisonSettings()
        settings.size = size
        settings.initialization = initialization
        settings.optimization.loss = try lossOptions.configuration(over: checkpoint.options.loss)
        settings.optimization.method = optimizer
        settings.optimization.iterations = iterations
        settings.optimization.learningRate = learningRate ?? (optimizer == .lbfgs ? 1 : 10)
        settings.optimization.seed = seed

        // The style for the targets (only with --style) and for display (also the recorded one, if found).
        let styleForTargets = try style.map { path -> Image in
            let image = try Image(contentsOf: path, options: imageOptions.readOptions)
            return (styleSize ?? checkpoint.options.styleSize).map { image.resized(longSide: $0) } ?? image
        }
        let styleShown = try styleForTargets ?? recordedStyle(checkpoint).map { try Image(contentsOf: $0, options: imageOptions.readOptions) }

        let loss = try PerceptualLoss(network: try lossNetwork.makeNetwork(deepestOf: settings.optimization.loss.contentLayers
                                                                            + settings.optimization.loss.styleLayers),
                                      configuration: settings.optimization.loss)
        let comparison = try Comparison(checkpoint: checkpoint, path: model, loss: loss, style: styleForTargets, settings: settings)
        try ComparisonFiles.prepare(output)
        let l = settings.optimization.loss
        print("compare: \(contentImages.count) image(s) at \(size) px; \(optimizer) for \(iterations) iterations vs \(model); "
              + "content \(l.contentLayers.joined(separator: ",")) ×\(l.contentWeight), style \(l.styleLayers.joined(separator: ",")) ×\(l.styleWeight) "
              + "(\(style == nil ? "targets from the checkpoint" : "targets from \(style!)")), TV ×\(l.totalVariationWeight)")

        var results: [ComparedImage] = []
        var display = ProgressDisplay()
        let printEvery = self.printEvery
        for (index, item) in contentImages.enumerated() {
            let prefix = "[\(index + 1)/\(contentImages.count)] \(item.name)"
            let result = try comparison.run(item.image, name: item.name) { p in
                let rate = Double(p.iteration) / max(p.seconds, 1e-9)
                display.show(String(format: "%@  iter %4d/%d  total %.5g  %.2f it/s  ETA %@", prefix, p.iteration, p.iterations,
                                    p.terms.total, rate, ProgressDisplay.duration(Double(p.iterations - p.iteration) / rate)),
                             permanent: p.iteration % printEvery == 0 || p.iteration == p.iterations)
                return true
            }
            display.finish()
            print(String(format: "%@: %d×%d  slow %.2f s, loss %.5g  |  fast %.3f s, loss %.5g", prefix, result.content.width,
                         result.content.height, result.slowSeconds, result.slowLoss.total, result.fastSeconds, result.fastLoss.total))
            results.append(result)
        }

        let metrics = ComparisonMetrics(model: model, style: style ?? checkpoint.options.styleImage,
                                        styleTargetsFromCheckpoint: style == nil, settings: settings, results: results)
        try ComparisonFiles.write(results: results, metrics: metrics, style: styleShown.map { $0.resized(longSide: size).clamped() },
                                  to: output)
        print("")
        print(metrics.table, terminator: "")
        print("wrote \(output)/: panel.png, metrics.json, curve.svg, report.html and the images")
    }

    /// The content files: each --content file, and the images of each --content folder; names
    /// (file names without extension) made unique.
    private func contentFiles() throws -> [(name: String, path: String)] {
        var files: [String] = []
        for path in content {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let folder = try ImageFolder(path: path, options: imageOptions.readOptions)
                files += (0..<folder.count).map(folder.filePath)
            } else {
                files.append(path)   // a missing file is reported, with its name, when read
            }
        }
        var seen: [String: Int] = [:]
        return files.map { path in
            let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            seen[base, default: 0] += 1
            return (seen[base]! == 1 ? base : "\(base)_\(seen[base]!)", path)
        }
    }

    /// The style image the checkpoint records, if it can be found: as recorded, in
    /// datasets/styles/, or beside the checkpoint.
    private func recordedStyle(_ checkpoint: Checkpoint) -> String? {
        let name = checkpoint.options.styleImage
        guard !name.isEmpty else { return nil }
        let beside = URL(fileURLWithPath: model).deletingLastPathComponent().appendingPathComponent(name).path
        return [name, "datasets/styles/\(name)", beside].first { FileManager.default.fileExists(atPath: $0) }
    }
}

extension ComparisonSettings.Initialization: ExpressibleByArgument {}
