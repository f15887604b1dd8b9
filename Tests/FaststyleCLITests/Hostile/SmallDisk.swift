import Foundation

/// A folder where writes fail for want of space, and one that cannot be written at all.
///
/// As root (CI runs as root on a fresh machine), a small tmpfs is mounted and filled, so writes
/// fail with ENOSPC as on a full disk, and another tmpfs is remounted read-only (EROFS).
/// Without root, or where mounting is not allowed (or FASTSTYLE_TEST_NO_MOUNT=1), nothing is
/// skipped: writes are limited per run with RLIMIT_FSIZE (`fileSizeLimit`, EFBIG), and the
/// read-only folder is one without write permission (for root, which ignores permissions, an
/// immutable one: chattr +i; where even that is refused, /proc/1, which root cannot write either).
final class SmallDisk {
    /// Where writes fail; it holds `existing`, a file that must survive every failed write.
    let full: URL
    /// Where nothing can be written; it holds a file too (except /proc/1).
    private(set) var readOnly: URL
    /// For each run writing into `full`: nil on the tmpfs, else the child's file-size limit.
    let fileSizeLimit: Int?
    /// The reason the program must give for a failed write, and for the read-only folder.
    let fullReason: String
    let readOnlyReason: String
    private var mounts: [URL] = []
    private var immutable = false

    /// Size of the tmpfs that is filled (it must hold the files that must survive).
    static let capacity = 4 << 20
    /// The file-size limit of the fallback: smaller than any output of the cases.
    static let fileSizeLimitBytes = 512

    init(in folder: URL, existing: [String: Data]) throws {
        full = folder.appendingPathComponent("full")
        readOnly = folder.appendingPathComponent("readonly")
        for url in [full, readOnly] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        let mayMount = getuid() == 0 && ProcessInfo.processInfo.environment["FASTSTYLE_TEST_NO_MOUNT"] != "1"
        let mounted = mayMount && Self.mount(full, size: Self.capacity) && Self.mount(readOnly, size: Self.capacity)
        if mounted {
            mounts = [full, readOnly]
        } else {
            for url in [full, readOnly] where Self.isMountPoint(url) { Self.unmount(url) }
        }
        for (name, data) in existing {
            for url in [full, readOnly]
            where !FileManager.default.createFile(atPath: url.appendingPathComponent(name).path, contents: data) {
                throw SmallDiskError.cannotWrite(name)
            }
        }
        if mounted {
            try Self.fill(full)
            guard Self.command("/bin/mount", ["-o", "remount,ro", readOnly.path]) else {
                throw SmallDiskError.cannotRemount
            }
            fileSizeLimit = nil
            fullReason = "No space left on device"
            readOnlyReason = "read-only file system"
        } else {
            if getuid() == 0 {
                immutable = Self.command("/usr/bin/chattr", ["+i", readOnly.path])
                if !immutable { readOnly = URL(fileURLWithPath: "/proc/1") }
            } else {
                chmod(readOnly.path, 0o555)
            }
            fileSizeLimit = Self.fileSizeLimitBytes
            fullReason = "File too large"
            readOnlyReason = "not writable"
        }
    }

    /// A description for the report: which technique this machine allowed.
    var technique: String {
        mounts.isEmpty
            ? "RLIMIT_FSIZE of \(Self.fileSizeLimitBytes) bytes (EFBIG) and "
                + (readOnly.path == "/proc/1"
                    ? "/proc/1" : immutable ? "a folder made immutable" : "a folder without write permission")
            : "tmpfs of \(Self.capacity >> 20) MiB filled up (ENOSPC) and a read-only tmpfs (EROFS)"
    }

    func tearDown() {
        for url in mounts { Self.unmount(url) }
        if immutable { _ = Self.command("/usr/bin/chattr", ["-i", readOnly.path]) }
        if readOnly.path != "/proc/1" { chmod(readOnly.path, 0o755) }
    }

    private enum SmallDiskError: Error { case cannotRemount, cannotWrite(String) }

    /// Fills the file system: a file grows until the write fails.
    private static func fill(_ folder: URL) throws {
        let handle = open(folder.appendingPathComponent("filler").path, O_WRONLY | O_CREAT, 0o644)
        defer { close(handle) }
        let block = [UInt8](repeating: 0x55, count: 4096)
        while block.withUnsafeBytes({ write(handle, $0.baseAddress, $0.count) }) > 0 {}
        // The last partial block too.
        while block.withUnsafeBytes({ write(handle, $0.baseAddress, 1) }) > 0 {}
    }

    private static func mount(_ folder: URL, size: Int) -> Bool {
        command("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder.path])
    }

    private static func unmount(_ folder: URL) {
        _ = command("/bin/umount", [folder.path])
    }

    private static func isMountPoint(_ folder: URL) -> Bool {
        (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8))?.contains(" \(folder.path) ") ?? false
    }

    private static func command(_ executable: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
