import CDNNL
import Foundation
import Platform

/// Which variant each convolution pass runs (see `ConvolutionKernel`), by shape class, kept for
/// the process and, once `persist(in:version:)` names a folder, on disk, so that a machine
/// measures a shape once and not in every process: a new process's first photograph otherwise
/// spends most of its time timing the variants.
///
/// Which variant is fastest changes slowly with the size of the maps, and the same layer meets
/// many sizes (images of a folder, and the bands of rows each is convolved in): a choice is kept
/// for every geometry that differs only in size by less than a factor of √2 in area, and
/// outlives the kernels (`ConvolutionKernel.removeAll`).
///
/// The file is one per machine and program: its name holds a digest of the CPU's model and
/// flags, oneDNN's version, the program's version and the thread count, each of which changes
/// the answer. Writers merge under a lock and replace it atomically, so processes that measure
/// at once lose nothing and never see half a file; an unreadable or unwritable file is warned
/// about once and the choices are measured as without one.
public enum ConvolutionChoices {
    struct ShapeClass: Hashable, Codable {
        let algorithm, precision, pass: String
        let batch, inChannels, outChannels, kernelSize, stride, padding, outputPadding: Int
        let transposed, hasBias, fusedReLU: Bool
        /// log2 of the input's area, to half a step.
        let area: Int

        init(_ g: ConvolutionGeometry, _ policy: ConvolutionPolicy, pass: String) {
            algorithm = policy.algorithm.rawValue
            precision = policy.precision.rawValue
            self.pass = pass
            batch = g.batch; inChannels = g.inChannels; outChannels = g.outChannels; kernelSize = g.kernelSize
            stride = g.stride; padding = g.padding; outputPadding = g.outputPadding
            transposed = g.transposed; hasBias = g.hasBias; fusedReLU = g.fusedReLU
            area = Int((2 * log2(Double(max(1, g.height * g.width)))).rounded())
        }
    }

    private struct Entry: Codable {
        let shape: ShapeClass
        let variant: String
    }

    private struct File: Codable {
        /// What the choices hold for, in words (the file name holds its digest).
        let machine: String
        let choices: [Entry]
    }

    private static var choices: [ShapeClass: ConvolutionVariant] = [:]
    private static var path: String?
    private static var machine = ""
    private static var warned = false
    private static let lock = NSLock()
    /// Says what went wrong with the file (default: a line on stderr).
    nonisolated(unsafe) public static var warn: (String) -> Void = { message in
        FileHandle.standardError.write(Data("faststyle: warning: \(message)\n".utf8))
    }

    /// Keeps the choices in `folder` (created when first written) for programs of `version`,
    /// reading what earlier processes measured on this machine.
    public static func persist(in folder: String, version: String) {
        let machine =
            "\(CPUFeatures.modelName); flags \(CPUFeatures.flags); oneDNN ISA \(CPUFeatures.isaName); oneDNN "
            + "\(OneDNNVersion.text); "
            + "faststyle \(version); \(Parallel.coreCount) threads"
        let path = URL(fileURLWithPath: folder).appendingPathComponent("convolution-choices-\(digest(machine)).json")
            .path
        lock.withLock {
            self.machine = machine
            self.path = path
            for (shape, variant) in read(path) where choices[shape] == nil { choices[shape] = variant }
        }
    }

    static func measured(_ shape: ShapeClass) -> ConvolutionVariant? {
        lock.withLock { choices[shape] }
    }

    static func remember(_ variant: ConvolutionVariant, for shape: ShapeClass) {
        lock.withLock {
            choices[shape] = variant
            if let path { save(to: path) }
        }
    }

    /// The choices stored at `path` (none when there is no file; none, with a warning, when it
    /// cannot be read or is of another machine).
    private static func read(_ path: String) -> [ShapeClass: ConvolutionVariant] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        do {
            let file = try JSONDecoder().decode(File.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
            guard file.machine == machine else { throw FileError(path, "it was written for \(file.machine)") }
            var stored: [ShapeClass: ConvolutionVariant] = [:]
            for entry in file.choices {
                guard let variant = ConvolutionVariant(rawValue: entry.variant) else {
                    throw FileError(path, "unknown variant \(entry.variant)")
                }
                stored[entry.shape] = variant
            }
            return stored
        } catch {
            warnOnce(
                "ignoring the measured convolution choices in \(path): "
                    + "\((error as? FileError)?.description ?? "\(error)")"
            )
            return [:]
        }
    }

    /// Merges the file's choices under ours and writes them back, holding a lock file so that
    /// another process's merge does not interleave with this one.
    private static func save(to path: String) {
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let lockFile = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard lockFile >= 0 else { throw FileError(path + ".lock", "cannot open (\(FileError.reason(errno)))") }
            defer { close(lockFile) }
            flock(lockFile, LOCK_EX)
            defer { flock(lockFile, LOCK_UN) }
            var merged = read(path)
            merged.merge(choices) { _, ours in ours }
            let entries = merged.map { Entry(shape: $0.key, variant: $0.value.rawValue) }
                .sorted { "\($0.shape)" < "\($1.shape)" }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(Array(try encoder.encode(File(machine: machine, choices: entries))), to: path)
        } catch {
            warnOnce(
                "cannot keep the measured convolution choices in \(path): "
                    + "\((error as? FileError)?.description ?? "\(error)")"
            )
        }
    }

    private static func warnOnce(_ message: String) {
        guard !warned else { return }
        warned = true
        warn(message)
    }

    /// FNV-1a, 64 bits, as 16 hex digits: a stable name for a text.
    private static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16).leftPadded(to: 16)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
