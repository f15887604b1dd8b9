import CHDF5
import Foundation
import Platform

/// Set up once, before the first file is opened:
/// - the HDF5 library prints its error stack to stderr by default; every failure is reported as
///   an `H5Error` instead;
/// - it closes whatever is still open when the process exits, and a file whose write failed
///   (a full disk) crashes it there (SIGSEGV in H5D_close); every file is closed explicitly
///   instead, so that exit handler is not installed (`H5dont_atexit` must come first).
private let libraryConfigured: Void = {
    _ = H5dont_atexit()
    _ = H5Eset_auto2(h5e_default(), nil, nil)
}()

/// Link access for every path lookup: external links (to other files) are not followed, so
/// a file cannot make a reader open another one (a named pipe, a device, itself).
let linkAccess: hid_t = {
    _ = libraryConfigured
    let properties = H5Pcreate(h5p_link_access())
    H5Pset_elink_cb(properties, { _, _, _, _, _, _, _ in -1 }, nil)
    return properties
}()

/// An open HDF5 file. It is also the location of the root group, so every group, dataset and
/// attribute operation of `H5Location` works on it with paths relative to `/`.
/// The file is closed by `close()` or when the last reference goes away.
public final class H5File: H5Location {
    public enum Mode {
        case readOnly
        case readWrite
    }

    /// The file system path the file was opened or created with (for a file built in memory,
    /// the path it will be written to).
    public let path: String
    public let mode: Mode
    /// The HDF5 file identifier; negative once closed.
    private(set) var id: hid_t

    public var file: H5File { self }
    public var objectPath: String { "/" }

    private init(path: String, id: hid_t, mode: Mode) {
        self.path = path
        self.id = id
        self.mode = mode
    }

    deinit { close() }

    /// Opens an existing HDF5 file. Throws a clear error for a missing file, something that is
    /// not a regular file (a pipe would block forever), a file that is not HDF5, and a truncated
    /// or corrupt one.
    public static func open(_ path: String, mode: Mode = .readOnly) throws -> H5File {
        _ = libraryConfigured
        if FileKind.of(path) == .directory { throw H5Error(file: path, message: "is a directory, not an HDF5 file") }
        do {
            try RegularFile.requireReadable(path)
        } catch let error as FileError {
            throw H5Error(file: path, message: error.problem)
        }
        if H5Fis_hdf5(path) <= 0 {
            throw H5Error(file: path, message: "not an HDF5 file (no HDF5 signature)")
        }
        // What libhdf5 1.10 does not check and loops forever or crashes on (found by fuzzing).
        if let problem = FileScan.problem(inFileAt: path, {
            FileScan.truncation($0) ?? GlobalHeapCheck.problem(in: $0) ?? SymbolTableCheck.problem(in: $0)
        }) {
            throw H5Error(file: path, message: problem)
        }
        let flags = mode == .readOnly ? h5_acc_rdonly() : h5_acc_rdwr()
        let id = H5Fopen(path, flags, h5p_default())
        guard id >= 0 else {
            throw H5Error(file: path, message: "cannot open as HDF5 (truncated or corrupt file?)")
        }
        return H5File(path: path, id: id, mode: mode)
    }

    /// Creates a new HDF5 file open for writing, replacing any file at `path`. Whole files
    /// are better written with `writeAtomically`; this is for files written in many passes.
    public static func create(_ path: String) throws -> H5File {
        _ = libraryConfigured
        do {
            try OutputPath.requireWritableFile(path)
        } catch let error as FileError {
            throw H5Error(file: path, message: error.problem)
        }
        let id = H5Fcreate(path, h5_acc_trunc(), h5p_default(), h5p_default())
        guard id >= 0 else { throw H5Error(file: path, message: "cannot create the file") }
        return H5File(path: path, id: id, mode: .readWrite)
    }

    /// Writes a complete file atomically and durably: `body` builds it in memory (HDF5's core
    /// driver), and its bytes go to disk through `AtomicFile` (temporary file, fsync, rename,
    /// folder fsync). A reader never sees a half-written file, a failure (a full disk, a killed
    /// process) leaves any previous file untouched, and HDF5 itself never meets a disk error.
    public static func writeAtomically(to path: String, _ body: (H5File) throws -> Void) throws {
        _ = libraryConfigured
        try OutputPath.requireWritableFile(path)
        let access = H5Pcreate(h5p_file_access())
        defer { H5Pclose(access) }
        // Grows 1 MiB at a time, never backed by a file.
        H5Pset_fapl_core(access, 1 << 20, false)
        // The name only identifies the file among those open (the destination may be open too).
        let id = H5Fcreate("\(path).in-memory-\(UUID().uuidString)", h5_acc_trunc(), h5p_default(), access)
        guard id >= 0 else { throw H5Error(file: path, message: "cannot create the file in memory") }
        let file = H5File(path: path, id: id, mode: .readWrite)
        defer { file.close() }
        try body(file)
        try AtomicFile.write(try file.image(), to: path)
    }

    /// The bytes of the whole file (flushed first).
    private func image() throws -> [UInt8] {
        try flush()
        let size = H5Fget_file_image(id, nil, 0)
        guard size >= 0 else { throw H5Error(file: path, message: "cannot take the file's image") }
        try MemoryBudget.require(size, for: "\(path): copying the file from memory")
        var bytes = [UInt8](repeating: 0, count: size)
        let copied = bytes.withUnsafeMutableBytes { H5Fget_file_image(id, $0.baseAddress, size) }
        guard copied == size else { throw H5Error(file: path, message: "cannot take the file's image") }
        return bytes
    }

    /// Writes buffered data to disk.
    public func flush() throws {
        try requireOpen()
        guard H5Fflush(id, H5F_SCOPE_LOCAL) >= 0 else {
            throw H5Error(file: path, message: "flush failed")
        }
    }

    /// Closes the file; further operations throw. Closing twice is harmless.
    public func close() {
        guard id >= 0 else { return }
        _ = H5Fclose(id)
        id = -1
    }

    /// Closes the file, reporting a failure to write what was still buffered.
    public func closeReportingErrors() throws {
        try requireOpen()
        let status = H5Fclose(id)
        id = -1
        guard status >= 0 else { throw H5Error(file: path, message: "closing failed") }
    }

    func requireOpen() throws {
        guard id >= 0 else { throw H5Error(file: path, message: "file is closed") }
    }

    func requireWritable(_ what: String) throws {
        try requireOpen()
        guard mode == .readWrite else {
            throw H5Error(file: path, message: "cannot write \(what): file is open read-only")
        }
    }
}
