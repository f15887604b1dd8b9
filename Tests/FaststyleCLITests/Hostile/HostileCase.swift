import Foundation
import Platform

/// One bad input of the catalogue: the arguments, and what the error must name. Every case must
/// end with an exit status between 1 and 127, an "Error: " line naming the file or option and
/// the reason (`mentions`), within its deadline, with every file that existed before the run
/// unchanged and no temporary file left behind.
struct HostileCase {
    /// The class of inputs it stands for, e.g. "checkpoint values".
    var group: String
    var name: String
    var arguments: [String]
    /// Fragments the first error line must contain.
    var mentions: [String]
    /// Fragments anywhere on stderr (warnings about single files, say).
    var alsoMentions: [String] = []
    /// Files that must not exist after the run (no partial output).
    var mustNotExist: [String] = []
    /// For full-disk cases without a small file system: the child's file-size limit.
    var fileSizeLimit: Int?
    var timeout: TimeInterval = 90
}

/// What became of a case.
struct HostileVerdict {
    enum Kind: String {
        case clear = "clear error"
        case unclear = "unclear error"
        case succeeded = "no error"
        case crashed = "crash"
        case hung = "hang"
    }

    var kind: Kind
    /// Files that existed before and were changed or removed.
    var lostFiles: [String]
    /// Temporary or partial files left behind.
    var debris: [String]
    var message: String

    var isGood: Bool { kind == .clear && lostFiles.isEmpty && debris.isEmpty }
}

extension HostileCase {
    /// Runs the case; `watched` is the folder whose files must survive it.
    func verdict(watching watched: URL) throws -> HostileVerdict {
        let before = Self.snapshot(watched)
        let run = try HostileRun.run(arguments, fileSizeLimit: fileSizeLimit, timeout: timeout)
        let after = Self.snapshot(watched)
        let lost = before.keys.filter { after[$0] != before[$0] }.sorted()
        var debris = after.keys.filter {
            before[$0] == nil && StaleTemporaryFiles.owner(ofName: URL(fileURLWithPath: $0).lastPathComponent) != nil
        }
        debris += mustNotExist.filter(FileKind.isPresent)
        let line = run.errorLine ?? ""
        let kind: HostileVerdict.Kind
        switch run.ending {
        case .hung: kind = .hung
        case .signalled: kind = .crashed
        case .exited(0): kind = .succeeded
        case let .exited(status) where status >= 128: kind = .crashed
        case .exited:
            let named = mentions.allSatisfy(line.contains) && alsoMentions.allSatisfy(run.error.contains)
            kind = named ? .clear : .unclear
        }
        let message: String
        switch run.ending {
        case let .signalled(signal): message = "killed by signal \(signal): \(run.error.suffix(300))"
        case let .exited(status) where kind != .clear: message = "exit \(status): \(run.error.suffix(400))"
        default: message = line
        }
        return HostileVerdict(kind: kind, lostFiles: lost, debris: debris.sorted(), message: message)
    }

    /// Every regular file under `folder` (hidden ones too) with its content; folders that cannot
    /// be listed (pipes are not read) are skipped.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        guard let entries = try? DirectoryListing.files(under: folder.path) else { return files }
        for entry in entries {
            guard let relative = entry.relativePath else { continue }
            let path = folder.appendingPathComponent(relative).path
            var status = stat()
            guard lstat(path, &status) == 0, FileKind(mode: status.st_mode) == .regular else { continue }
            files[path] = FileManager.default.contents(atPath: path) ?? Data()
        }
        return files
    }
}
