import Foundation
import Imaging
import Platform
import StyleTransfer

/// The output folder of `compare`.
public enum ComparisonFiles {
    /// The content images named by `paths`: each file, and the images of each folder (searched
    /// recursively); each with a name for its output files (the file name without extension),
    /// made unique with a suffix (`_2`, `_3`, …).
    public static func contentFiles(_ paths: [String], readSettings: ImageReadSettings = .init()) throws -> [(
        name: String, path: String
    )] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let folder = try ImageFolder(path: path, readSettings: readSettings)
                if let error = (0..<folder.count).lazy.compactMap(folder.unopenable).first { throw error }
                files += (0..<folder.count).map(folder.filePath)
            } else {
                files.append(path)   // a missing file is reported, with its name, when read
            }
        }
        var seen: [String: Int] = [:]
        return files.map { path in
            let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            seen[base, default: 0] += 1
            let count = seen[base, default: 1]
            return (count == 1 ? base : "\(base)_\(count)", path)
        }
    }

    /// The style image a checkpoint records, if it can be found (for display): as recorded, in
    /// datasets/styles/, or beside the checkpoint at `path`.
    public static func recordedStyle(of checkpoint: Checkpoint, at path: String) -> String? {
        let name = checkpoint.settings.styleImage
        guard !name.isEmpty else { return nil }
        let beside = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
        return [name, "datasets/styles/\(name)", beside].first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Every file name `write` creates for these image names.
    public static func names(for imageNames: [String]) -> [String] {
        ["panel.png", "metrics.json", "curve.svg", "report.html"]
            + imageNames.flatMap { ["\($0)_content.png", "\($0)_slow.png", "\($0)_fast.png"] }
    }

    /// Creates `directory` if needed and checks that it is writable (call it before the long
    /// work, so that a bad output path fails at once).
    public static func prepare(_ directory: String) throws {
        do {
            try OutputPath.requireWritableFolder(directory)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ComparisonError("\(directory): cannot create the output folder: \(error.localizedDescription)")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw ComparisonError("\(directory): the output folder is not writable")
        }
    }

    /// Throws unless `directory` can be the output folder (it is created only when written), and,
    /// unless `overwrite`, holds none of the files a comparison of `imageNames` writes.
    public static func requireWritable(_ directory: String, imageNames: [String], overwrite: Bool) throws {
        do {
            try OutputPath.requireWritableFolder(directory)
        } catch let error as FileError {
            throw ComparisonError("\(directory): cannot be the output folder: \(error.problem)")
        }
        let folder = URL(fileURLWithPath: directory)
        try OutputFiles.requireNew(
            names(for: imageNames).map { folder.appendingPathComponent($0).path }, overwrite: overwrite)
    }

    /// Writes into `directory` (created if needed), each file atomically: `<name>_content.png`
    /// (the 8-bit input of both methods), `<name>_slow.png`, `<name>_fast.png`, panel.png,
    /// metrics.json, curve.svg and report.html.
    public static func write(results: [ComparedImage], metrics: ComparisonMetrics, style: Image?, to directory: String)
        throws
    {
        try prepare(directory)
        let folder = URL(fileURLWithPath: directory)
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        func write(_ text: String, to name: String) throws {
            try AtomicFile.write(Array(text.utf8), to: path(name))
        }
        for result in results {
            try result.content.write(to: path("\(result.name)_content.png"))
            try result.slow.write(to: path("\(result.name)_slow.png"))
            try result.fast.write(to: path("\(result.name)_fast.png"))
        }
        let cell = max(metrics.settings.size, results.map { max($0.content.width, $0.content.height) }.max() ?? 0)
        try ComparisonPanel.image(
            results: results, entries: metrics.images, style: style, cell: cell,
            iterations: metrics.settings.optimization.iterations
        ).write(to: path("panel.png"))
        try write(String(decoding: try metrics.json(), as: UTF8.self) + "\n", to: "metrics.json")
        try write(ComparisonCurve.svg(metrics), to: "curve.svg")
        try write(try ComparisonReport.html(metrics: metrics, results: results, style: style), to: "report.html")
    }
}
