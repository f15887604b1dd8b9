import Foundation
import H5
import Imaging
import Platform

/// Writes an `ImagePack` from a folder of images.
public enum ImagePackWriter {
    /// gzip level of the pack. Photos compress little whatever the level (about 10 %); level 1
    /// costs the least time per image (measured on the demo set: see `datasets/README.md`).
    public static let defaultCompressionLevel = 1
    /// gzip's levels.
    public static let compressionLevels = 1...9

    /// Packs every image of `folder` (searched recursively, see `ImageFolder`) into `output`:
    /// each is decoded once, resized so that its SHORT side is `size` pixels (Lanczos,
    /// antialiased), then the central `size`×`size` square is kept (the long side's excess
    /// is cut equally from both ends) and stored as uint8 RGB planes in `images` (N×3×S×S, one
    /// image per chunk, gzip), with the relative paths in `names` (uint8 N×L, zero-padded UTF-8).
    /// Unreadable images are skipped and reported through `log`. The file appears atomically:
    /// a failure or interruption leaves no partial pack at `output`.
    public static func pack(
        folder: String, output: String, size: Int, readSettings: ImageReadSettings = .init(),
        compressionLevel: Int = defaultCompressionLevel, log: (PackEvent) -> Void = { _ in }
    ) throws -> PackSummary {
        try validate(size: size, compressionLevel: compressionLevel)
        try OutputPath.requireWritableFile(output)
        let source = try ImageFolder(path: folder, readSettings: readSettings)
        let total = source.count
        try MemoryBudget.require(
            elements: [3, size, size, 5], elementSize: 4, for: "packing images at \(size)×\(size)")
        var names = [String]()
        var skipped = [String]()
        // Rows go to a staging file (HDF5 writes it itself, since a pack may be larger than
        // memory), which becomes the pack through `AtomicFile` (synced, renamed). The count of
        // readable images is known only at the end and a dataset cannot shrink: when images were
        // skipped, the written rows are copied into an exact-size file that replaces the staging.
        try AtomicFile.replace(output, kind: .staging) { staging in
            try explainingWriteFailures(of: output) {
                let file = try H5File.create(staging)
                defer { file.close() }
                try file.createDataset(
                    "images", of: UInt8.self, shape: [total, 3, size, size], chunkRows: 1,
                    compressionLevel: compressionLevel)
                for index in 0..<total {
                    let name = source.name(at: index)
                    do {
                        let square = try source.image(at: index).resizedAndCenterCropped(to: size)
                        try file.write(square.uint8Samples(), rowsStartingAt: names.count, of: "images")
                        names.append(name)
                        log(.packed(done: index + 1, total: total, name: name))
                    } catch let error as ImageError {
                        skipped.append(name)
                        log(.skipped(done: index + 1, total: total, name: name, error: error))
                    }
                }
                guard !names.isEmpty else { throw DatasetError.noReadableImage(description: folder, count: total) }
                if skipped.isEmpty { try writeMetadata(file, names: names, size: size, folder: folder) }
                try file.closeReportingErrors()
                if !skipped.isEmpty {
                    try copyRows(names.count, from: staging, to: output, size: size, compressionLevel: compressionLevel)
                    { file in
                        try writeMetadata(file, names: names, size: size, folder: folder)
                    }
                }
            }
        }
        let fileSize = try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int ?? 0
        return PackSummary(output: output, written: names.count, skipped: skipped, fileSize: fileSize)
    }

    /// The first `count` rows of the staging file in an exact-size pack, which then replaces it.
    private static func copyRows(
        _ count: Int, from staging: String, to output: String, size: Int, compressionLevel: Int,
        metadata: (H5File) throws -> Void
    ) throws {
        let exact = StaleTemporaryFiles.path(for: output)
        defer { unlink(exact) }
        let rows = try H5File.open(staging)
        defer { rows.close() }
        let file = try H5File.create(exact)
        defer { file.close() }
        try file.createDataset(
            "images", of: UInt8.self, shape: [count, 3, size, size], chunkRows: 1, compressionLevel: compressionLevel)
        for row in 0..<count {
            try file.write(rows.readUInt8("images", rows: row..<(row + 1)).values, rowsStartingAt: row, of: "images")
        }
        try metadata(file)
        try file.closeReportingErrors()
        guard rename(exact, staging) == 0 else {
            throw H5Error(file: output, message: "cannot replace the staging file (\(FileError.reason(errno)))")
        }
    }

    /// HDF5 reports a failed write without its cause: the error names the pack (not the
    /// temporary file) and adds the facts that explain it (free space, file-size limit).
    private static func explainingWriteFailures(of output: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as H5Error {
            let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
            throw H5Error(
                file: output,
                message: "cannot write the pack (\(error.message); \(WriteFailure.facts(writingIn: folder)))")
        }
    }

    /// Throws unless a pack can be written with these settings.
    public static func validate(size: Int, compressionLevel: Int) throws {
        try SettingBounds.require(size, in: SettingBounds.imageSide, .packSize, unit: " pixels")
        guard compressionLevels.contains(compressionLevel) else {
            throw InvalidSetting(.compressionLevel, compressionLevel, "must be between 1 (fastest) and 9 (smallest)")
        }
    }

    /// The names dataset and the attributes that describe the pack.
    private static func writeMetadata(_ file: H5File, names: [String], size: Int, folder: String) throws {
        let width = max(1, names.map(\.utf8.count).max() ?? 1)
        var bytes = [UInt8](repeating: 0, count: names.count * width)
        for (row, name) in names.enumerated() {
            bytes.replaceSubrange((row * width)..<(row * width + name.utf8.count), with: name.utf8)
        }
        try file.write(bytes, shape: [names.count, width], to: "names")
        try file.setAttribute("format", "faststyle image pack")
        try file.setAttribute("version", Int64(1))
        try file.setAttribute("image_size", Int64(size))
        try file.setAttribute(
            "preprocessing", "short side resized to \(size) (Lanczos), central \(size)x\(size) square, uint8 RGB planes"
        )
        try file.setAttribute("source", folder)
    }
}

extension Image {
    /// The image resized (Lanczos) so that its shorter side is `side`, then cropped to the
    /// central `side`×`side` square.
    public func resizedAndCenterCropped(to side: Int) -> Image {
        let scale = Double(side) / Double(min(width, height))
        let newWidth = max(side, Int((Double(width) * scale).rounded()))
        let newHeight = max(side, Int((Double(height) * scale).rounded()))
        let scaled = resized(width: newWidth, height: newHeight)
        return scaled.cropped(x: (newWidth - side) / 2, y: (newHeight - side) / 2, width: side, height: side)
    }

    /// The samples rounded to the nearest integer and clamped to 0…255, in the same planar order.
    func uint8Samples() -> [UInt8] {
        pixels.map { UInt8(min(max($0.rounded(), 0), 255)) }
    }
}
