import Foundation

/// Facts that explain a failed write when the writer (HDF5) does not say why: the free space of
/// the file system and the process's file-size limit (`ulimit -f`). Facts, not a guess.
public enum WriteFailure {
    /// "the file system has 0 B free" (and the file-size limit when there is one).
    public static func facts(writingIn folder: String) -> String {
        var facts: [String] = []
        var status = statvfs()
        if statvfs(folder, &status) == 0 {
            facts.append("the file system has \(ByteCount.text(Int(status.f_bavail) * Int(status.f_frsize))) free")
        }
        var limit = rlimit()
        // RLIM_INFINITY is all ones.
        if getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
            let bytes = Int(exactly: limit.rlim_cur)
        {
            facts.append("this process may not write files larger than \(ByteCount.text(bytes)) (ulimit -f)")
        }
        return facts.joined(separator: ", ")
    }
}
