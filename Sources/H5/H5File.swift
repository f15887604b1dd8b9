import CHDF5
import Foundation

/// The HDF5 library prints its error stack to stderr by default; every failure is reported
/// as an `H5Error` instead. Evaluated once, before the first file is opened.
private let libraryErrorPrintingSilenced: Void = {
    _ = H5Eset_auto2(h5e_default(), nil, nil)
}()

/// An open HDF5 file. It is also the location of the root group, so every group, dataset and
/// attribute operation of `H5Location` works on it with paths relative to `/`.
/// The file is closed by `close()` or when the last reference goes away.
public final class H5File: H5Location {
    public enum Mode {
        case readOnly
        case readWrite
    }

    /// The file system path the file was opened or created with.
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

    /// Opens an existing HDF5 file. Throws a clear error for a missing file, a file that is not
    /// HDF5, and a truncated or corrupt one.
    public static func open(_ path: String, mode: Mode = .readOnly) throws -> H5File {
        _ = libraryErrorPrintingSilenced
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw H5Error(file: path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw H5Error(file: path, message: "is a directory, not an HDF5 file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw H5Error(file: path, message: "permission denied")
        }
        if H5Fis_hdf5(path) == 0 {
            throw H5Error(file: path, message: "not an HDF5 file (no HDF5 signature)")
        }
        let flags = mode == .readOnly ? h5_acc_rdonly() : h5_acc_rdwr()
        let id = H5Fopen(path, flags, h5p_default())
        guard id >= 0 else {
            throw H5Error(file: path, message: "cannot open as HDF5 (truncated or corrupt file?)")
        }
        return H5File(path: path, id: id, mode: mode)
    }

    /// Creates a new HDF5 file open for writing, replacing any file at `path`.
    public static func create(_ path: String) throws -> H5File {
        _ = libraryErrorPrintingSilenced
        let id = H5Fcreate(path, h5_acc_trunc(), h5p_default(), h5p_default())
        guard id >= 0 else {
            throw H5Error(file: path, message: "cannot create file (does the directory exist and is it writable?)")
        }
        return H5File(path: path, id: id, mode: .readWrite)
    }

    /// Writes a complete file atomically: `body` fills a temporary file in the same directory,
    /// which is flushed, closed and renamed over `path` only if `body` succeeds. A reader never
    /// sees a half-written file, and a failure leaves any previous file untouched.
    public static func writeAtomically(to path: String, _ body: (H5File) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
            .path
        do {
            let file = try H5File.create(temporary)
            try body(file)
            try file.flush()
            file.close()
            guard rename(temporary, path) == 0 else {
                throw H5Error(file: path, message: "cannot rename \(temporary) into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
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
