import ArgumentParser
import Foundation
import Imaging
import StyleTransfer
import Tensors

/// `faststyle stylize`: a trained network applied to photographs, one forward pass each.
struct StylizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stylize",
        abstract: "Stylize images with a network trained by `faststyle train`.",
        discussion: """
            INPUT are image files or folders (searched recursively for .png, .jpg, .jpeg). With one input \
            file, -o is the output image (.png, or .jpg/.jpeg with --quality); otherwise -o is a folder that \
            receives every image under its own name and format. Outputs are always RGB: grey images come \
            out as RGB, and transparency is composited on white. Images keep their size unless --size is \
            given. Images above --max-untiled-pixels (or all, with --tile) are stylized in overlapping \
            tiles normalized with the statistics of the whole image, which bounds memory without seams. \
            An image that cannot be read is reported and the others are still done; the exit status is \
            then non-zero.
            """)

    @Option(help: "The checkpoint written by `faststyle train` (full or model-only).")
    var model: String

    @Argument(help: "Image files or folders.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The output image (one input) or folder.")
    var output: String

    @Option(help: "Resize the long side to this many pixels first (default: keep the size).")
    var size: Int?

    @Option(help: "How much of the style: 0 returns the input, 1 the network's output.")
    var strength: Float = 1

    @Flag(help: "Keep the input's colours: take only the luminance from the network.")
    var preserveColors = false

    @Option(help: "Stylize in tiles of this many pixels (square), whatever the image size.")
    var tile: Int?

    @Option(help: "Stylize images with more pixels than this in tiles (about 0.3 GiB of memory per megapixel untiled).")
    var maxUntiledPixels: Int = StylizeSettings().maxUntiledPixels

    @Option(help: "JPEG quality (1-100) of .jpg and .jpeg outputs.")
    var quality: Int = 92

    @Option(help: "Up to this many images of one size in one forward pass.")
    var batch: Int = StylizeRun.defaultBatch

    @Option(help: "CPU threads (default: all cores).")
    var threads: Int?

    @OptionGroup var imageOptions: ImageReadingOptions

    var settings: StylizeSettings {
        var s = StylizeSettings()
        s.longSide = size
        s.strength = strength
        s.preservesColors = preserveColors
        s.tileSize = tile
        s.maxUntiledPixels = maxUntiledPixels
        return s
    }

    func validate() throws {
        do {
            try settings.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be between 1 and 100, got \(quality)") }
        guard batch > 0 else { throw ValidationError("--batch must be positive, got \(batch)") }
        if let threads, threads <= 0 { throw ValidationError("--threads must be positive, got \(threads)") }
    }

    func run() throws {
        if let threads { try ThreadCount.limit(to: threads) }
        MemoryRelease.returnLargeAllocationsToTheSystem()
        let jobs = try StylizeJobs.make(inputs: inputs, output: output, readOptions: imageOptions.readOptions)
        let stylizer: Stylizer
        do {
            stylizer = try Stylizer(modelPath: model)
        } catch {
            let hint = (try? VGGWeights.load(from: model)) != nil ? "; it holds VGG weights, not a trained style network" : ""
            throw CommandError("\(error)\(hint)")
        }
        var run = StylizeRun(stylizer: stylizer, settings: settings, readOptions: imageOptions.readOptions,
                             jpegQuality: quality, batch: batch)
        run.stylize(jobs)
        if run.failures > 0 { throw ExitCode.failure }
    }
}
