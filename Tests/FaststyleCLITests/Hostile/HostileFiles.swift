import CHDF5
import CZlib
import Foundation
import H5
import Imaging
import NN
import StyleTransfer
import TestSupport

/// Bad files made on the spot: images, checkpoints, packs and VGG weights that lie, overflow,
/// loop or are not files at all. Each generator writes into `folder` and returns the path.
struct HostileFiles {
    let folder: URL

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @discardableResult
    func write(_ bytes: [UInt8], to name: String) -> String {
        _ = FileManager.default.createFile(atPath: path(name), contents: Data(bytes))
        return path(name)
    }

    // MARK: Images

    /// A PNG whose header declares `width`×`height` grey pixels, all zero, compressed (a
    /// decompression bomb when large; 9000² is 81 megapixels in a few dozen kilobytes).
    func png(width: Int, height: Int, rows: Int? = nil, name: String) -> String {
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            let crc = typed.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
            return bigEndian(UInt32(body.count)) + typed + bigEndian(crc)
        }
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 0, 0, 0, 0]   // 8-bit grey
        let raw = [UInt8](repeating: 0, count: (width + 1) * (rows ?? height))   // filter byte + samples per row
        var compressedSize = compressBound(UInt(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedSize))
        _ = compress2(&compressed, &compressedSize, raw, UInt(raw.count), 9)
        let png: [UInt8] =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header)
            + chunk("IDAT", Array(compressed.prefix(Int(compressedSize)))) + chunk("IEND", [])
        return write(png, to: name)
    }

    /// A real JPEG whose frame header is patched to declare `width`×`height`.
    func jpeg(declaring width: Int, _ height: Int, name: String) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestPaths.photograph)))
        guard
            let sof = (0..<(bytes.count - 9)).first(where: {
                bytes[$0] == 0xFF && (bytes[$0 + 1] == 0xC0 || bytes[$0 + 1] == 0xC2)
            })
        else {
            throw HostileFileError("no frame header in \(TestPaths.photograph)")
        }
        bytes.replaceSubrange((sof + 5)..<(sof + 9), with: bigEndian(UInt16(height)) + bigEndian(UInt16(width)))
        return write(bytes, to: name)
    }

    /// The first `fraction` of a file.
    func truncated(_ source: String, fraction: Double, name: String) throws -> String {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        return write(Array(bytes.prefix(Int(Double(bytes.count) * fraction))), to: name)
    }

    func fifo(_ name: String) -> String {
        mkfifo(path(name), 0o644)
        return path(name)
    }

    func link(_ name: String, to target: String) throws -> String {
        try FileManager.default.createSymbolicLink(atPath: path(name), withDestinationPath: target)
        return path(name)
    }

    /// A file whose name is `prefix` + the byte 0xE9 (Latin-1 é, invalid UTF-8) + `suffix`,
    /// holding a copy of `source`; returns the folder's path and the name as shown (\xE9).
    func nonUTF8Name(in subfolder: String, prefix: String, suffix: String, copying source: String) throws -> String {
        try FileManager.default.createDirectory(atPath: path(subfolder), withIntermediateDirectories: true)
        let bytes = Array(path(subfolder).utf8) + [0x2F] + Array(prefix.utf8) + [0xE9] + Array(suffix.utf8) + [0]
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        let descriptor = bytes.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        guard descriptor >= 0 else { throw HostileFileError("cannot create a non-UTF-8 name") }
        _ = data.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        return "\(prefix)\\xE9\(suffix)"
    }

    // MARK: Checkpoints

    /// A full (resumable) checkpoint of the tiny training network, made without training: its
    /// initial parameters, zero Adam moments, zero style targets, one history row.
    func fullCheckpoint(_ name: String) throws -> String {
        let settings = try TinyTraining.settings(iterations: 2)
        let network = try TransformerNet(settings: settings.network)
        network.initialize(seed: 1)
        let parameters = network.parameters.map { ($0.name, $0.value.shape, $0.value.toArray()) }
        let count = parameters.reduce(0) { $0 + $1.2.count }
        var targets: [String: (shape: [Int], values: [Float])] = [:]
        for layer in settings.loss.styleLayers {
            let channels = try VGGVariant.vgg16.layer(relu: layer).outChannels
            targets[layer] = ([1, channels, channels], [Float](repeating: 0, count: channels * channels))
        }
        let history = [
            HistoryEntry(iteration: 1, terms: LossTerms(content: 1, style: 2, totalVariation: 3, total: 6), seconds: 1)
        ]
        try Checkpoint(
            settings: settings, iteration: 1, seconds: 1, parameters: parameters, buffers: [], styleTargets: targets,
            optimizer: AdamState(
                step: 1, firstMoment: .init(repeating: 0, count: count), secondMoment: .init(repeating: 0, count: count)
            ),
            history: history
        ).write(to: path(name))
        return path(name)
    }

    /// A copy of the checkpoint `source` changed by `change` (the file open for writing).
    func checkpoint(_ name: String, from source: String, _ change: (H5File) throws -> Void) throws -> String {
        try FileManager.default.copyItem(atPath: source, toPath: path(name))
        let file = try H5File.open(path(name), mode: .readWrite)
        try change(file)
        try file.closeReportingErrors()
        return path(name)
    }

    /// A copy of `source` whose training settings JSON has `old` replaced by `new`.
    func checkpoint(_ name: String, from source: String, replacing old: String, with new: String) throws -> String {
        try checkpoint(name, from: source) { file in
            let json = try file.stringAttribute("training_options")
            guard json.contains(old) else { throw HostileFileError("training_options lack \(old): \(json)") }
            try file.setAttribute(
                "training_options", json.replacingOccurrences(of: old, with: new), storage: .variableLength)
        }
    }

    /// A copy of `source` whose history has `row` as its first row.
    func checkpoint(_ name: String, from source: String, historyRow row: [Double]) throws -> String {
        try checkpoint(name, from: source) { file in
            try file.remove("history")
            try file.write(row, shape: [1, row.count], to: "history")
        }
    }

    // MARK: Raw HDF5 (structures the H5 module never writes)

    /// Opens `path` with the C API for `body`, then closes it.
    func raw(_ path: String, _ body: (hid_t) throws -> Void) throws {
        let file = H5Fopen(path, h5_acc_rdwr(), h5p_default())
        guard file >= 0 else { throw HostileFileError("cannot open \(path)") }
        defer { H5Fclose(file) }
        try body(file)
    }

    /// A dataset declaring `dimensions` (chunked one element a chunk, so nothing is stored).
    func declare(_ file: hid_t, _ name: String, dimensions: [UInt64], uint8: Bool = false) throws {
        let space = H5Screate_simple(Int32(dimensions.count), dimensions, nil)
        defer { H5Sclose(space) }
        let creation = H5Pcreate(h5p_dataset_create())
        defer { H5Pclose(creation) }
        H5Pset_chunk(creation, Int32(dimensions.count), [hsize_t](repeating: 1, count: dimensions.count))
        let links = H5Pcreate(h5p_link_create())
        defer { H5Pclose(links) }
        H5Pset_create_intermediate_group(links, 1)
        let dataset = H5Dcreate2(
            file, name, uint8 ? h5_native_uint8() : h5_native_float(), space, links, creation, h5p_default())
        guard dataset >= 0 else { throw HostileFileError("cannot declare \(name) \(dimensions)") }
        H5Dclose(dataset)
    }

    func hardLink(_ file: hid_t, _ name: String, to target: String) throws {
        guard H5Lcreate_hard(file, target, file, name, h5p_default(), h5p_default()) >= 0 else {
            throw HostileFileError("hard link \(name)")
        }
    }

    func externalLink(_ file: hid_t, _ name: String, toFile target: String, object: String) throws {
        guard H5Lcreate_external(target, object, file, name, h5p_default(), h5p_default()) >= 0 else {
            throw HostileFileError("external link \(name)")
        }
    }

    // MARK: VGG weights

    /// A Keras-layout file with `block1_conv1` only, built by `body` (the file and the group).
    func vgg(_ name: String, _ body: (H5File) throws -> Void) throws -> String {
        let file = try H5File.create(path(name))
        try file.createGroup("block1_conv1")
        try body(file)
        try file.closeReportingErrors()
        return path(name)
    }

    /// The first layer's weights (3, 3, 3, 64) and bias (64) with `value` everywhere.
    func vggFirstLayer(_ name: String, value: Float) throws -> String {
        try vgg(name) { file in
            try file.write(
                [Float](repeating: value, count: 3 * 3 * 3 * 64), shape: [3, 3, 3, 64],
                to: "block1_conv1/block1_conv1_W_1:0")
            try file.write([Float](repeating: value, count: 64), shape: [64], to: "block1_conv1/block1_conv1_b_1:0")
        }
    }

    // MARK: Packs

    /// An HDF5 file holding what `body` writes (a pack, truthful or not).
    func h5(_ name: String, _ body: (H5File) throws -> Void) throws -> String {
        let file = try H5File.create(path(name))
        try body(file)
        try file.closeReportingErrors()
        return path(name)
    }

    private func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}

struct HostileFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
