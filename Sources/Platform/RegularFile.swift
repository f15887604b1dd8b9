import Foundation

/// Reads files that may be anything: a named pipe must not hang the program, /dev/zero must not
/// fill memory, and a symbolic link loop or an unreadable file must say so.
public enum RegularFile {
    /// Throws unless `path` is a regular file this process can read; returns its size.
    @discardableResult
    public static func requireReadable(_ path: String) throws -> Int {
        let descriptor = try open(path)
        defer { close(descriptor) }
        return try size(descriptor, path)
    }

    /// The whole file, after checking that it is a regular file whose size fits in memory.
    public static func read(_ path: String) throws -> [UInt8] {
        let descriptor = try open(path)
        defer { close(descriptor) }
        let size = try self.size(descriptor, path)
        try MemoryBudget.require(size, for: "reading \(path)")
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes {
                Foundation.read(descriptor, $0.baseAddress! + offset, size - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path, "cannot read the file (\(FileError.reason(errno)))")
            }
            if count == 0 { break }   // shrank while being read
            offset += count
        }
        return Array(bytes[..<offset])
    }

    /// Opens without blocking (a FIFO without a writer would block `open` forever).
    private static func open(_ path: String) throws -> Int32 {
        let descriptor = Foundation.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if descriptor >= 0 { return descriptor }
        let code = errno
        var status = stat()
        switch code {
        case ENOENT where lstat(path, &status) == 0:
            throw FileError(path, "is a symbolic link to a missing file")
        case ENOENT: throw FileError(path, "no such file")
        case ELOOP: throw FileError(path, "is a symbolic link loop (too many levels of symbolic links)")
        case EACCES: throw FileError(path, "permission denied")
        case ENOTDIR: throw FileError(path, "no such file (a part of the path is not a folder)")
        default: throw FileError(path, "cannot open the file (\(FileError.reason(code)))")
        }
    }

    private static func size(_ descriptor: Int32, _ path: String) throws -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw FileError(path, "cannot read the file (\(FileError.reason(errno)))")
        }
        let kind = FileKind(mode: status.st_mode)
        guard kind == .regular else { throw FileError(path, "is \(kind.noun), not a regular file") }
        return Int(status.st_size)
    }
}
