import Foundation

/// The files of an optimization: the image the user named, the report beside it (`OUT.json`,
/// see `OptimizationReport`) and, every `saveEvery` iterations, a snapshot `OUT_0050.png`.
public struct OptimizationFiles: Sendable {
    public let output: String
    public let saveEvery: Int

    public init(output: String, saveEvery: Int) {
        self.output = output
        self.saveEvery = saveEvery
    }

    public var report: String { OptimizationReport.path(besides: output) }

    /// The snapshot after `iteration`.
    public func snapshot(_ iteration: Int) -> String {
        let url = URL(fileURLWithPath: output)
        let ext = url.pathExtension.isEmpty ? "png" : url.pathExtension
        return url.deletingPathExtension().path + String(format: "_%04d.", iteration) + ext
    }

    /// Whether the snapshot after `iteration` is taken.
    public func takesSnapshot(after iteration: Int) -> Bool { saveEvery > 0 && iteration % saveEvery == 0 }

    /// Checks every file of a run of `iterations` before any work: the output an image file that is
    /// not one of `inputs`, and neither the report nor a snapshot there already unless `overwrite`.
    public func requireWritable(iterations: Int, inputs: [String], overwrite: Bool) throws {
        try OutputFiles.requireNamed(output, as: .image, inputs: inputs)
        let snapshots = saveEvery > 0 ? stride(from: saveEvery, through: iterations, by: saveEvery).map(snapshot) : []
        for file in [report] + snapshots { try OutputFiles.requireNotAnInput(file, inputs: inputs) }
        try OutputFiles.requireNew([report] + snapshots, overwrite: overwrite)
    }
}
