import Foundation
import Imaging
import Platform

/// The files of a training run: the checkpoint and, beside it under its name without `.h5`, the
/// loss history (`.csv`), its plot (`.svg`) and a folder of stylized validation photographs
/// (`_samples`).
public struct TrainingFiles: Sendable {
    public let checkpoint: String

    public init(checkpoint: String) {
        self.checkpoint = checkpoint
    }

    public var historyCSV: String { besides(suffix: ".csv") }
    public var lossPlot: String { besides(suffix: ".svg") }
    public var samplesFolder: String { besides(suffix: "_samples") }

    /// `run.h5` → `run` + `suffix`.
    private func besides(suffix: String) -> String {
        let url = URL(fileURLWithPath: checkpoint)
        let base = ["h5", "hdf5"].contains(url.pathExtension.lowercased()) ? url.deletingPathExtension() : url
        return base.path + suffix
    }

    /// Creates the checkpoint's folder if needed and checks that every file of the run can be
    /// written there: call it before the long work, so that a bad path (a folder given as the
    /// checkpoint, a read-only disk) fails at once and not after an hour of training. A new run
    /// (or one resumed from another file) must not replace a checkpoint, history, plot or samples
    /// that are there already unless `overwrite`: a finished run is never lost to a slip. What
    /// a killed run left half-written is removed.
    public func prepare(overwrite: Bool = false, resuming: String? = nil) throws {
        let folder = URL(fileURLWithPath: checkpoint).deletingLastPathComponent()
        do {
            try OutputPath.requireWritableFolder(folder.path)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CheckpointError(
                checkpoint,
                "cannot create its folder: \((error as? FileError)?.description ?? error.localizedDescription)")
        }
        for file in [checkpoint, historyCSV, lossPlot] { try OutputPath.requireWritableFile(file) }
        try OutputPath.requireWritableFolder(samplesFolder)
        if resuming.map({ !OutputFiles.same($0, checkpoint) }) ?? true {
            let samples =
                (try? FileManager.default.contentsOfDirectory(atPath: samplesFolder))?.isEmpty == false
                ? [samplesFolder] : []
            try OutputFiles.requireNew(
                [checkpoint, historyCSV, lossPlot] + samples, overwrite: overwrite,
                resume: resuming == nil && FileKind.of(checkpoint) == .regular ? checkpoint : nil)
        }
        StaleTemporaryFiles.remove(in: folder.path)
    }

    /// The trainer's checkpoint and its history as CSV and SVG, each atomically (`AtomicFile`).
    public func save(_ trainer: Trainer) throws {
        try save(trainer.checkpoint())
    }

    /// `saved` and its history as CSV and SVG, each atomically (`AtomicFile`).
    public func save(_ saved: Checkpoint) throws {
        try saved.write(to: checkpoint)
        try AtomicFile.write(Array(TrainingReport.csv(saved.history).utf8), to: historyCSV)
        try AtomicFile.write(
            Array(TrainingReport.svg(saved.history, title: "faststyle train: \(saved.settings.styleTitle)").utf8),
            to: lossPlot)
    }

    /// The sample photographs stylized by the trainer's current network, as
    /// `<iteration, 6 digits>_<name>.png` in the samples folder; returns their paths. A network
    /// of several styles paints one photograph in each style, taking them in turn
    /// (`<iteration>_<style>_<name>.png`).
    public func writeSamples(_ samples: [(name: String, image: Image)], by trainer: Trainer) throws -> [String] {
        try FileManager.default.createDirectory(atPath: samplesFolder, withIntermediateDirectories: true)
        let prefix = "\(samplesFolder)/\(String(format: "%06d", trainer.iteration))_"
        func base(_ name: String) -> String { URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent }
        guard trainer.styleCount > 1 else {
            return try samples.map { name, image in
                let path = prefix + "\(base(name)).png"
                try trainer.stylize(image).write(to: path)
                return path
            }
        }
        let names = trainer.settings.styleNames
        return try (0..<trainer.styleCount).map { style in
            let (name, image) = samples[style % samples.count]
            let path = prefix + "\(names[style])_\(base(name)).png"
            try trainer.stylize(image, style: style).write(to: path)
            return path
        }
    }
}
