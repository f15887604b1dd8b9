import Foundation

/// Peak resident memory of this process.
enum ProcessMemory {
    /// getrusage(RUSAGE_SELF).ru_maxrss (KiB on Linux) in MiB, as peer_torch.py's `maxrss_mb`.
    static func maxRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// VmHWM of /proc/self/status in MiB (the same peak, for the current address space only).
    static func vmHWMMegabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = line.split(separator: " ").compactMap({ Double($0) }).first
        else { return nil }
        return kib / 1024
    }
}
