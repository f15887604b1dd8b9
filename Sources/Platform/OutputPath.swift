import Foundation

/// Checks, before any work, that an output can be written where the user asked: an hour of
/// training or stylizing must not end in "cannot write".
public enum OutputPath {
    /// Throws unless a file can be written (atomically, see `AtomicFile`) at `path`: it is not a
    /// directory, a device or a pipe, and its folder exists (or, with `creatingFolders`, can be
    /// created) and is writable.
    public static func requireWritableFile(_ path: String, creatingFolders: Bool = false) throws {
        if let kind = FileKind.of(path), kind != .regular {
            throw FileError(path, "is \(kind.noun); give the path of a file to write")
        }
        var status = stat()
        if lstat(path, &status) == 0, FileKind(mode: status.st_mode) == .symbolicLink, FileKind.of(path) == nil {
            throw FileError(path, "is a symbolic link to a missing file")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if creatingFolders {
            try requireWritableFolder(folder)
        } else {
            try requireExistingWritableFolder(folder, naming: path)
        }
    }

    /// Throws unless files can be written in the folder `path`: it is a writable folder, or it
    /// does not exist and the nearest existing folder above it is writable (it will be created).
    public static func requireWritableFolder(_ path: String) throws {
        if let kind = FileKind.of(path), kind != .directory {
            throw FileError(path, "is \(kind.noun), not a folder")
        }
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while FileKind.of(url.path) == nil, url.path != "/" {
            if FileKind.isPresent(url.path) {
                throw FileError(path, "cannot be created: \(url.path) is a symbolic link to a missing folder")
            }
            url.deleteLastPathComponent()
        }
        if url.path != URL(fileURLWithPath: path).standardizedFileURL.path, let kind = FileKind.of(url.path),
            kind != .directory
        {
            throw FileError(path, "cannot be created: \(url.path) is \(kind.noun), not a folder")
        }
        try requireExistingWritableFolder(url.path, naming: path)
    }

    private static func requireExistingWritableFolder(_ folder: String, naming path: String) throws {
        guard let kind = FileKind.of(folder) else {
            throw FileError(path, "cannot be written: the folder \(folder) does not exist")
        }
        guard kind == .directory else {
            throw FileError(path, "cannot be written: \(folder) is \(kind.noun), not a folder")
        }
        guard access(folder, W_OK) == 0 else {
            let reason =
                errno == EROFS ? "is on a read-only file system" : "is not writable (\(FileError.reason(errno)))"
            throw FileError(path, "cannot be written: the folder \(folder) \(reason)")
        }
    }
}
