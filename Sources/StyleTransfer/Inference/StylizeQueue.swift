import Foundation
import Imaging
import Platform

/// Stylizes a list of jobs: reads each image, resizes it as the settings say, stylizes it and
/// writes it; a failing image is reported and the others are still done. Small images of one
/// size go through the network in batches of up to `settings.batchSize`; the network's kernels
/// are released whenever the size changes, so that memory follows the image in hand.
public final class StylizeQueue {
    public let stylizer: Stylizer
    public let settings: StylizeSettings
    public let readSettings: ImageReadSettings
    private var report: (StylizeEvent) -> Void = { _ in }
    private var summary = StylizeSummary()
    /// Size of the last image stylized: the kernels are released when the next one differs.
    private var lastSize: (width: Int, height: Int)?

    public init(stylizer: Stylizer, settings: StylizeSettings, readSettings: ImageReadSettings = .init()) {
        self.stylizer = stylizer
        self.settings = settings
        self.readSettings = readSettings
    }

    public func run(_ jobs: [StylizeJob], report: @escaping (StylizeEvent) -> Void = { _ in }) -> StylizeSummary {
        self.report = report
        summary = StylizeSummary()
        let start = Date()
        var pending: [(job: StylizeJob, image: Image)] = []
        for job in jobs {
            let image: Image
            do {
                if let error = job.unopenable { throw error }
                let original = try Image(contentsOf: job.input, settings: readSettings)
                let size = InputSize.size(width: original.width, height: original.height, longSide: settings.longSide)
                try stylizer.requireMemory(width: size.width, height: size.height, settings: settings, name: job.input)
                image = InputSize.resized(original, longSide: settings.longSide)
            } catch {
                fail(job, error)
                continue
            }
            if settings.batchSize > 1, stylizer.batches(width: image.width, height: image.height, settings: settings) {
                if let first = pending.first?.image, first.width != image.width || first.height != image.height {
                    flush(&pending)
                }
                pending.append((job, image))
                if pending.count == settings.batchSize { flush(&pending) }
            } else {
                flush(&pending)
                stylizeOne(job, image)
            }
        }
        flush(&pending)
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    private func releaseKernelsIfSizeChanges(_ image: Image) {
        if let lastSize, lastSize != (image.width, image.height) { stylizer.releaseKernels() }
        lastSize = (image.width, image.height)
    }

    private func stylizeOne(_ job: StylizeJob, _ image: Image) {
        let start = Date()
        stylizer.tileProgress = { [report] done, total in
            let left = Date().timeIntervalSince(start) / Double(done) * Double(total - done)
            report(.tile(job, done: done, total: total, secondsLeft: left))
        }
        defer { stylizer.tileProgress = nil }
        do {
            releaseKernelsIfSizeChanges(image)
            var oneImage = settings
            oneImage.longSide = nil   // already resized
            try finish(job, try stylizer.stylize(image, settings: oneImage))
        } catch {
            fail(job, error)
        }
    }

    private func flush(_ pending: inout [(job: StylizeJob, image: Image)]) {
        defer { pending = [] }
        guard !pending.isEmpty else { return }
        if pending.count == 1 { return stylizeOne(pending[0].job, pending[0].image) }
        do {
            releaseKernelsIfSizeChanges(pending[0].image)
            let results = try stylizer.stylize(batch: pending.map(\.image), settings: settings)
            for (item, result) in zip(pending, results) {
                do { try finish(item.job, result) } catch { fail(item.job, error) }
            }
        } catch {
            for item in pending { fail(item.job, error) }
        }
    }

    /// Writes the result (its folder created if needed) and reports it.
    private func finish(_ job: StylizeJob, _ result: StylizedImage) throws {
        let folder = (job.output as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try result.image.write(to: job.output, jpegQuality: settings.jpegQuality)
        summary.stylized += 1
        summary.forwardSeconds += result.forwardSeconds
        report(.stylized(job, result))
    }

    private func fail(_ job: StylizeJob, _ error: Error) {
        summary.failed += 1
        report(.failed(job, error))
    }
}
