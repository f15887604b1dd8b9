import Foundation

/// Writes files so that nothing is ever lost: the bytes go to a temporary file in the same folder
/// (`StaleTemporaryFiles`), which is flushed to disk (fsync), renamed over the destination, and
/// the folder is synced so the rename itself survives a crash. A failure at any point (a full
/// disk, a file-size limit, a killed process) leaves the previous file as it was and no partial
/// file under the destination's name.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically and durably.
    public static func write<Bytes: Collection>(_ bytes: Bytes, to path: String) throws where Bytes.Element == UInt8 {
        try replace(path) { temporary in
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw FileError(path, "cannot create the file (\(FileError.reason(errno)))") }
            defer { close(descriptor) }
            let written: Int32? =
                bytes.withContiguousStorageIfAvailable { writeAll(descriptor, UnsafeRawBufferPointer($0)) }
                ?? Array(bytes).withUnsafeBytes { writeAll(descriptor, $0) }
            if let code = written { throw FileError(path, "cannot write the file (\(FileError.reason(code)))") }
        }
    }

    /// Writes `path` through `body`, which writes the complete file at the temporary path it is
    /// given (for writers with their own I/O, such as HDF5's). The temporary file is then synced
    /// and renamed into place; if `body` throws, it is removed and `path` is left as it was.
    /// A destination that is a symbolic link is written where the link points (the link stays).
    public static func replace(_ path: String, kind: StaleTemporaryFiles.Kind = .tmp, _ body: (String) throws -> Void)
        throws
    {
        try OutputPath.requireWritableFile(path)
        let destination = resolvingLink(path)
        let folder = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        StaleTemporaryFiles.removeOnce(in: folder)
        let temporary = StaleTemporaryFiles.path(for: destination, kind: kind)
        do {
            try body(temporary)
            try sync(temporary, naming: path)
            try keepMode(of: destination, for: temporary)
            guard rename(temporary, destination) == 0 else {
                throw FileError(path, "cannot move the finished file into place (\(FileError.reason(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
        try syncFolder(folder, naming: path)
    }

    /// The file a symbolic link points to (`path` itself when it is no link).
    private static func resolvingLink(_ path: String) -> String {
        var status = stat()
        guard lstat(path, &status) == 0, FileKind(mode: status.st_mode) == .symbolicLink,
            let resolved = realpath(path, nil)
        else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Writes every byte, retrying short writes and interruptions; the errno of a failure.
    private static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < buffer.count {
            let count = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += count
        }
        return nil
    }

    /// fsync: a full disk or an I/O error may only show here (delayed allocation, NFS).
    private static func sync(_ temporary: String, naming path: String) throws {
        let descriptor = open(temporary, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileError(path, "cannot reopen the written file (\(FileError.reason(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw FileError(path, "cannot write the file to disk (\(FileError.reason(errno)))")
        }
    }

    /// A file replaced keeps its permissions (the temporary file has the umask's).
    private static func keepMode(of path: String, for temporary: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        guard chmod(temporary, status.st_mode & 0o7777) == 0 else {
            throw FileError(path, "cannot keep the file's permissions (\(FileError.reason(errno)))")
        }
    }

    /// Makes the rename durable. File systems that cannot sync a folder (EINVAL) need not.
    private static func syncFolder(_ folder: String, naming path: String) throws {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 || errno == EINVAL || errno == EROFS else {
            throw FileError(path, "written, but its folder cannot be synced to disk (\(FileError.reason(errno)))")
        }
    }
}
