import Foundation

/// The files under a folder, searched recursively, read with `readdir` so that names are the
/// bytes on disk: names that are not valid UTF-8 are listed (and marked) rather than silently
/// changed. Symbolic links are listed as files and never followed into folders, so a link
/// loop cannot make the search endless.
public enum DirectoryListing {
    public struct Entry: Equatable, Sendable {
        /// The path relative to the folder, as bytes.
        public let relativeBytes: [UInt8]
        /// The relative path as text; nil if it is not valid UTF-8.
        public var relativePath: String? { PathText.validUTF8(relativeBytes) }
        /// The relative path for messages (invalid bytes as `\xNN`).
        public var displayPath: String { PathText.display(relativeBytes) }
    }

    /// Every entry under `folder` that is not a folder (files, links, pipes…), in no given order.
    /// Throws when `folder` or a folder inside it cannot be listed.
    public static func files(under folder: String) throws -> [Entry] {
        var entries: [Entry] = []
        try list(Array(folder.utf8), relative: [], into: &entries, root: folder)
        return entries
    }

    private static func list(_ path: [UInt8], relative: [UInt8], into entries: inout [Entry], root: String) throws {
        guard
            let directory = (path + [0]).withUnsafeBufferPointer({ buffer in
                buffer.withMemoryRebound(to: CChar.self) { opendir($0.baseAddress!) }
            })
        else {
            let shown = relative.isEmpty ? root : "\(root)/\(PathText.display(relative))"
            throw FileError(shown, "cannot list the folder (\(FileError.reason(errno)))")
        }
        defer { closedir(directory) }
        var folders: [(path: [UInt8], relative: [UInt8])] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            let childRelative = relative.isEmpty ? name : relative + [0x2F] + name
            let childPath = path + [0x2F] + name
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                // Some file systems do not fill d_type: ask lstat (links are not folders).
                var status = stat()
                let found = (childPath + [0]).withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &status) }
                }
                isFolder = found == 0 && FileKind(mode: status.st_mode) == .directory
            }
            if isFolder {
                folders.append((childPath, childRelative))
            } else {
                entries.append(Entry(relativeBytes: childRelative))
            }
        }
        for folder in folders {
            try list(folder.path, relative: folder.relative, into: &entries, root: root)
        }
    }
}
