import ArgumentParser
import Foundation
import StyleTransfer

/// `faststyle dataset`: preparing training sets.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Prepare training images.",
        subcommands: [Pack.self])

    /// `faststyle dataset pack DIR -o data.h5`
    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pack a folder of images into one HDF5 file of preprocessed images.",
            discussion: """
                Every .jpg/.jpeg/.png under DIR (recursively) is decoded once, resized so that its short side \
                is --size pixels, and cropped to the central --size×--size square; the pack holds them as uint8 \
                RGB in `images` (N×3×S×S, gzip, one image per chunk) with their relative paths in `names`. \
                Unreadable images are skipped with a warning. `faststyle train` reads a pack given as its dataset \
                one image at a time.
                """)

        @Argument(help: "The folder of images (searched recursively).")
        var folder: String

        @Option(name: .shortAndLong, help: "The HDF5 pack to write.")
        var output: String

        @Option(
            parsing: .unconditional,
            help: """
                Side of the square images in the pack, in pixels (the short side is resized to it, the long side \
                cropped).
                """
        )
        var size: Int = 256

        @Option(parsing: .unconditional, help: "gzip level, 1 (fastest) to 9 (smallest).")
        var compressionLevel: Int = ImagePackWriter.defaultCompressionLevel

        @OptionGroup var imageOptions: ImageReadingOptions

        func validate() throws {
            try ErrorMessage.validating { try ImagePackWriter.validate(size: size, compressionLevel: compressionLevel) }
        }

        func run() throws {
            let start = Date()
            var display = ProgressDisplay()
            let summary = try ImagePackWriter.pack(
                folder: folder, output: output, size: size, readSettings: imageOptions.readSettings,
                compressionLevel: compressionLevel
            ) { event in
                switch event {
                case .packed(let done, let total, _):
                    let elapsed = Date().timeIntervalSince(start)
                    let rate = Double(done) / max(elapsed, 1e-9)
                    let eta = DurationText.format(Double(total - done) / rate)
                    let everyTenth = done % max(1, total / 10) == 0 || done == total
                    if display.isTerminal || everyTenth {
                        display.show(
                            String(format: "%d/%d images  %.1f images/s  ETA %@", done, total, rate, eta),
                            permanent: !display.isTerminal)
                    }
                case .skipped(_, _, let name, let error):
                    display.finish()
                    Diagnostics.warning("skipping \(name): \(ErrorMessage.text(error))")
                }
            }
            display.finish()
            let elapsed = Date().timeIntervalSince(start)
            let megabytes = Double(summary.fileSize) / 1_000_000
            print(
                String(
                    format: "dataset pack: wrote %@: %d images of %d×%d, %.1f MB, in %@ (%.1f images/s)",
                    summary.output, summary.written,
                    size, size, megabytes, DurationText.format(elapsed),
                    Double(summary.written + summary.skipped.count) / elapsed))
            if !summary.skipped.isEmpty {
                print(
                    "dataset pack: skipped \(summary.skipped.count) unreadable: "
                        + "\(summary.skipped.joined(separator: ", "))"
                )
            }
        }
    }
}
