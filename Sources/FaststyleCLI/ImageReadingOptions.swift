import ArgumentParser
import Imaging

/// `--max-pixels`, for every command that reads images.
struct ImageReadingOptions: ParsableArguments {
    @Option(
        parsing: .unconditional, help: "Refuse images with more pixels than this (a guard against decompression bombs)."
    )
    var maxPixels: Int = ImageReadSettings().maxPixels

    var readSettings: ImageReadSettings { ImageReadSettings(maxPixels: maxPixels) }

    func validate() throws {
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive, got \(maxPixels)") }
    }
}
