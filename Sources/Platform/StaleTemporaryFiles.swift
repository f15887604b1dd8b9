import Foundation

/// The temporary files of atomic writes: `.NAME.tmp-PID` (and `.NAME.staging-PID` for files built
/// in several passes) beside their destination. A process killed in the middle of a write
/// leaves one behind; the next process that writes into the same folder removes those whose
/// process is gone (a PID that is alive, possibly reused by another process, keeps its file).
public enum StaleTemporaryFiles {
    /// The kinds of temporary file, the word before the PID.
    public enum Kind: String, CaseIterable, Sendable {
        case tmp, staging
    }

    /// `.NAME.KIND-PID` beside `path`, for this process.
    public static func path(for path: String, kind: Kind = .tmp) -> String {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).\(kind.rawValue)-\(getpid())"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The PID in a temporary file's name, nil if the name is not one of ours.
    public static func owner(ofName name: String) -> pid_t? {
        guard name.hasPrefix("."), let dash = name.lastIndex(of: "-") else { return nil }
        let digits = name[name.index(after: dash)...]
        let head = name[..<dash]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let pid = pid_t(digits),
            pid > 0,
            Kind.allCases.contains(where: { head.hasSuffix(".\($0.rawValue)") }), head.count > 1 + 4
        else { return nil }
        return pid
    }

    /// Whether process `pid` exists (EPERM: it does, owned by someone else).
    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Removes the stale temporary files in `folder`; returns their names. Files that cannot be
    /// removed are left (a later run tries again): cleaning up must never fail a write.
    @discardableResult
    public static func remove(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let pid = owner(ofName: name), pid != getpid(), !isAlive(pid) else { continue }
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            var status = stat()
            guard lstat(path, &status) == 0, FileKind(mode: status.st_mode) == .regular else { continue }
            if unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cleaned: Set<String> = []

    /// `remove(in:)`, once per folder and process: a run that writes thousands of images into
    /// one folder lists it once.
    static func removeOnce(in folder: String) {
        let key = URL(fileURLWithPath: folder).standardizedFileURL.path
        let first = lock.withLock { cleaned.insert(key).inserted }
        if first { remove(in: folder) }
    }
}
