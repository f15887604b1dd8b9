import Foundation
import Imaging
import StyleTransfer

/// Stylizes a list of jobs, printing a line per image and, for several, a summary. A failing
/// image is reported on stderr by name and counted; the others are still done.
struct StylizeRun {
    /// Batching did not measurably pay on the 2-core development machine: 8 images of 256², forward
    /// passes in total (median of 6 alternating runs, release build) 3.95 s one by one, 3.72 s
    /// in batches of 4, within the run-to-run noise (3.45–4.21 s). So images go one by one unless
    /// `--batch` asks otherwise.
    static let defaultBatch = 1

    let stylizer: Stylizer
    let settings: StylizeSettings
    let readOptions: ImageReadOptions
    let jpegQuality: Int
    let batch: Int
    private(set) var failures = 0
    private var done = 0
    private var forwardSeconds = 0.0

    init(stylizer: Stylizer, settings: StylizeSettings, readOptions: ImageReadOptions, jpegQuality: Int, batch: Int) {
        self.stylizer = stylizer
        self.settings = settings
        self.readOptions = readOptions
        self.jpegQuality = jpegQuality
        self.batch = batch
    }

    mutating func stylize(_ jobs: [StylizeJob]) {
        let start = Date()
        var pending: [(job: StylizeJob, image: Image)] = []
        for job in jobs {
            let image: Image
            do {
                image = InputSize.resized(try Image(contentsOf: job.input, options: readOptions), longSide: settings.longSide)
            } catch {
                fail(job, error)
                continue
            }
            if batch > 1, fitsBatch(image) {
                if let first = pending.first?.image, first.width != image.width || first.height != image.height { flush(&pending) }
                pending.append((job, image))
                if pending.count == batch { flush(&pending) }
            } else {
                flush(&pending)
                stylizeOne(job, image)
            }
        }
        flush(&pending)
        if jobs.count > 1 {
            let total = Date().timeIntervalSince(start)
            let failed = failures > 0 ? ", \(failures) failed" : ""
            print("\(done) of \(jobs.count) images stylized in \(Self.seconds(total)) (forward passes \(Self.seconds(forwardSeconds)))\(failed)")
        }
    }

    /// Small enough for one pass without tiling.
    private func fitsBatch(_ image: Image) -> Bool {
        settings.tileSize == nil
            && stylizer.geometry.paddedSide(image.width) * stylizer.geometry.paddedSide(image.height) * batch <= settings.maxUntiledPixels
    }

    /// Size of the last image stylized: memory is released when the next one differs.
    private var lastSize: (width: Int, height: Int)?

    private mutating func releaseMemoryIfSizeChanges(_ image: Image) throws {
        if let lastSize, lastSize != (image.width, image.height) { stylizer.releaseKernels() }
        lastSize = (image.width, image.height)
    }

    private mutating func stylizeOne(_ job: StylizeJob, _ image: Image) {
        // Tiles of a large image on a terminal: "photo.jpg: tile 12 of 88, 2m30s left".
        let start = Date()
        var display = ProgressDisplay()
        stylizer.tileProgress = { done, total in
            let left = Date().timeIntervalSince(start) / Double(done) * Double(total - done)
            display.show("\(job.name): tile \(done) of \(total), \(ProgressDisplay.duration(left)) left", permanent: false)
        }
        defer { stylizer.tileProgress = nil }
        do {
            try releaseMemoryIfSizeChanges(image)
            var oneSize = settings
            oneSize.longSide = nil  // already resized
            let result = try stylizer.stylize(image, settings: oneSize)
            display.show(try finish(job, result), permanent: true)
        } catch {
            display.finish()
            fail(job, error)
        }
    }

    private mutating func flush(_ pending: inout [(job: StylizeJob, image: Image)]) {
        defer { pending = [] }
        guard !pending.isEmpty else { return }
        if pending.count == 1 { return stylizeOne(pending[0].job, pending[0].image) }
        do {
            try releaseMemoryIfSizeChanges(pending[0].image)
            let results = try stylizer.stylize(batch: pending.map(\.image), settings: settings)
            for (item, result) in zip(pending, results) {
                do { print(try finish(item.job, result)) } catch { fail(item.job, error) }
            }
        } catch {
            for item in pending { fail(item.job, error) }
        }
    }

    /// Writes the result and returns the line that reports it.
    private mutating func finish(_ job: StylizeJob, _ result: StylizedImage) throws -> String {
        let folder = (job.output as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try result.image.write(to: job.output, jpegQuality: jpegQuality)
        done += 1
        forwardSeconds += result.forwardSeconds
        let tiles = result.tileCount > 1 ? ", \(result.tileCount) tiles" : ""
        return "\(job.name)  \(result.image.width)x\(result.image.height)  forward \(Self.seconds(result.forwardSeconds))\(tiles)  -> \(job.output)"
    }

    private mutating func fail(_ job: StylizeJob, _ error: Error) {
        failures += 1
        // Image errors name the file already.
        let text = "\(error)"
        FileHandle.standardError.write(Data("error: \(text.contains(job.input) ? text : "\(job.input): \(text)")\n".utf8))
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
}
