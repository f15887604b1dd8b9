import ArgumentParser
import Foundation
import Imaging
import ONNX
import StyleTransfer
import Video

/// `faststyle stylize`: a trained network applied to photographs, one forward pass each.
struct StylizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stylize",
        abstract: "Stylize images with a trained network: a built-in style, or one trained by `faststyle train`.",
        discussion: """
            Without --model the built-in styles' network paints (`faststyle info` lists its styles): \
            `faststyle stylize --style starry_night photo.jpg` writes photo_starry_night.jpg. A network of several \
            styles needs --style NAME or --blend a=0.7,b=0.3 (its styles' scales and shifts interpolated).

            INPUT are image files or folders (searched recursively for .png, .jpg, .jpeg). With one input \
            file, -o is the output image (.png, or .jpg/.jpeg with --quality; default: the input's name with \
            the style's added, in the current folder); otherwise -o is a folder that \
            receives every image under its own name and format. Outputs are always RGB: grey images come \
            out as RGB, and transparency is composited on white. Images keep their size unless --size is \
            given. Images above --max-untiled-pixels (or all, with --tile) are stylized in overlapping \
            tiles normalized with the statistics of the whole image, which bounds memory without seams. \
            An image that cannot be read is reported and the others are still done; the exit status is \
            then non-zero.

            A video (.mp4, .mov, .mkv, .webm, .avi, … anything FFmpeg reads) is stylized alone: `faststyle \
            stylize --model m.h5 clip.mp4 -o out.mp4` keeps its frame rate, size (or --size), frames and \
            duration, copies its audio, and encodes H.264 (VP9 for .webm) at --crf. Frames are steadied \
            against the previous one (--no-temporal turns it off). The output is written under a temporary \
            name and renamed when complete: Ctrl-C or an error leaves no partial file, and an existing \
            output is only replaced with --overwrite.
            """)

    @Option(
        help: """
            The network: a checkpoint written by `faststyle train` or `faststyle export`, or an ONNX model (.onnx) of \
            the TransformerNet family (default: the built-in styles' network, \(DataFile.builtInStyles.lookup)).
            """
    )
    var model: String?

    @OptionGroup var styleChoice: StyleChoiceOptions

    @Argument(help: "Image files or folders, or one video.")
    var inputs: [String]

    @Option(
        name: .shortAndLong,
        help: """
            The output image or video (one input) or folder (default for one input file: its name with the style's \
            added, in the current folder).
            """
    )
    var output: String?

    @Option(parsing: .unconditional, help: "Resize the long side to this many pixels first (default: keep the size).")
    var size: Int?

    @Option(parsing: .unconditional, help: "How much of the style: 0 returns the input, 1 the network's output.")
    var strength: Float = StylizeSettings().strength

    @Flag(
        name: [.customLong("preserve-colors"), .customLong("original-colors")],
        help: "Keep the input's colours: take only the luminance from the network.")
    var preserveColors = false

    @Option(
        parsing: .unconditional,
        help: """
            Stylize in tiles of this many pixels (square), whatever the image size (default: tile only images above \
            --max-untiled-pixels).
            """
    )
    var tile: Int?

    @Option(
        parsing: .unconditional,
        help: "Stylize images with more pixels than this in tiles (about 0.3 GiB of memory per megapixel untiled).")
    var maxUntiledPixels: Int = StylizeSettings().maxUntiledPixels

    @Option(
        parsing: .unconditional,
        help: "JPEG quality (1-100) of .jpg and .jpeg outputs (default: \(StylizeSettings().jpegQuality)).")
    var quality: Int?

    @Flag(help: "Replace images an earlier run wrote into the output folder (default: refuse).")
    var overwrite = false

    @Option(parsing: .unconditional, help: "Up to this many images of one size in one forward pass.")
    var batchSize: Int = StylizeSettings().batchSize

    @Option(parsing: .unconditional, help: "CPU threads (default: all cores).")
    var threads: Int?

    @OptionGroup var video: VideoOptions
    @OptionGroup var imageOptions: ImageReadingOptions
    @OptionGroup var convolution: ConvolutionOptions<StylizeConvolutions>

    var settings: StylizeSettings {
        var s = StylizeSettings()
        s.longSide = size
        s.strength = strength
        s.preservesColors = preserveColors
        s.tileSize = tile
        s.maxUntiledPixels = maxUntiledPixels
        if let quality { s.jpegQuality = quality }
        s.batchSize = batchSize
        return s
    }

    func validate() throws {
        try ErrorMessage.validating {
            try settings.validate()
            try video.settings.validate(output: output)
        }
        if let threads { try ThreadCount.validate(threads) }
    }

    func run() throws {
        if let threads { try ThreadCount.limit(to: threads) }
        MemoryRelease.returnLargeAllocationsToTheSystem()
        let model = try self.model ?? DataFile.builtInStyles.resolve()
        let mix = try styleChoice.mix()
        let network = try NetworkFile.checkpoint(at: model).selecting(mix, path: model)
        let output =
            try self.output
            ?? StylizeJobs.defaultOutput(
                inputs: inputs, style: mix?.description ?? StyleName(fileName: network.settings.styleImage).text)
        let stylizer = try Stylizer(checkpoint: network, path: model, policy: try convolution.policy())
        if let clip = try StylizeJobs.video(inputs: inputs) {
            return try stylizeVideo(clip, output: output, stylizer: stylizer)
        }
        let jobs = try StylizeJobs.make(
            inputs: inputs, output: output, overwrite: overwrite, readSettings: imageOptions.readSettings)
        try StylizeJobs.requireApplicable(quality == nil ? [] : [.jpegQuality], to: jobs)
        let queue = StylizeQueue(stylizer: stylizer, settings: settings, readSettings: imageOptions.readSettings)
        var display = ProgressDisplay()
        let summary = queue.run(jobs) { event in
            switch event {
            case let .tile(job, done, total, secondsLeft):
                // Tiles of a large image on a terminal: "photo.jpg: tile 12 of 88, 2m30s left".
                display.show(
                    "\(job.name): tile \(done) of \(total), \(DurationText.format(secondsLeft)) left", permanent: false)
            case let .stylized(job, result):
                let tiles = result.tileCount > 1 ? ", \(result.tileCount) tiles" : ""
                display.show(
                    "\(job.name)  \(result.image.width)x\(result.image.height)  forward "
                        + "\(Self.seconds(result.forwardSeconds))"
                        + "\(tiles)  -> \(job.output)", permanent: true)
            case let .failed(job, error):
                display.finish()
                // Image errors name the file already.
                let text = ErrorMessage.text(error)
                Diagnostics.error(text.contains(job.input) ? text : "\(job.input): \(text)")
            }
        }
        if jobs.count > 1 {
            let failed = summary.failed > 0 ? ", \(summary.failed) failed" : ""
            print(
                "stylize: \(summary.stylized) of \(jobs.count) images stylized in \(Self.seconds(summary.seconds)) "
                    + "(forward passes \(Self.seconds(summary.forwardSeconds)))\(failed)")
        }
        if summary.failed > 0 { throw ExitCode.failure }
    }

    /// One video: a progress line (rewritten on a terminal, every 10 s otherwise), Ctrl-C stops
    /// before the next frame without writing the output.
    private func stylizeVideo(_ input: String, output: String, stylizer: Stylizer) throws {
        let name = (input as NSString).lastPathComponent
        let signals = SignalWatcher(
            outcome: "stopping; \(output) will not be written (press Ctrl-C again to quit at once)"
        ) { _ in }
        var display = ProgressDisplay()
        var lastLine = Date()
        let summary: VideoStylizeSummary
        do {
            var videoSettings = video.settings
            videoSettings.overwrite = overwrite
            summary = try VideoStylizer(stylizer: stylizer, settings: settings, video: videoSettings)
                .run(input: input, output: output, isCancelled: { signals.signal != nil }) { event in
                    switch event {
                    case let .started(info, width, height):
                        let audio = info.audioStreams > 0 ? ", audio copied" : ""
                        display.show(
                            "\(name): \(info.width)x\(info.height) \(info.codec) at "
                                + "\(String(format: "%.3g", info.framesPerSecond)) fps, "
                                + (info.expectedFrameCount.map { "\($0) frames" } ?? "frames not declared")
                                + "\(audio); stylized at \(width)x\(height)",
                            permanent: true)
                    case let .frame(done, total, rate, left):
                        let line =
                            "\(name): frame \(done)" + (total.map { " of \($0)" } ?? "")
                            + String(format: ", %.1f fps", rate)
                            + (left.map { ", \(DurationText.format($0)) left" } ?? "")
                        let now = Date()
                        if display.isTerminal || now.timeIntervalSince(lastLine) >= 10 {
                            display.show(line, permanent: !display.isTerminal)
                            lastLine = now
                        }
                    }
                }
        } catch let error as VideoInterrupted {
            display.finish()
            Diagnostics.error(error.description)
            throw ExitCode(128 + (signals.signal ?? SIGINT))
        }
        display.show(
            "\(name)  \(summary.width)x\(summary.height)  \(summary.frames) frames in \(Self.seconds(summary.seconds)) "
                + String(
                    format: "(%.1f fps; forward passes %@)", summary.framesPerSecond,
                    Self.seconds(summary.forwardSeconds))
                + "  -> \(output)", permanent: true)
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
}
