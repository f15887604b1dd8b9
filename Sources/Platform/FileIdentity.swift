import Foundation

/// Whether two paths name the same file, through links and different spellings.
public enum FileIdentity {
    /// True when both exist and are one file (same device and inode).
    public static func same(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
