import Foundation

/// The memory this process can still use, checked before large work so that a size read from a
/// file or given as an argument fails with a clear message ("needs 37.5 GiB, this machine has
/// 21.3 GiB available") instead of an allocation failure or the OOM killer in the middle of it.
/// Estimates are lower bounds of what the work touches: refusing them is never a false alarm.
public enum MemoryBudget {
    /// Bytes available: the kernel's MemAvailable, or what the cgroup (container) limit or the
    /// process's address-space limit (`ulimit -v`) leaves when that is less. Read on each call:
    /// other processes come and go.
    public static var available: Int {
        min(meminfoAvailable() ?? Int.max, cgroupRemaining() ?? Int.max, addressSpaceRemaining() ?? Int.max)
    }

    /// Throws `MemoryLimitError` unless `bytes` (nil: a size that overflowed) fits in what is
    /// available. `what` names the work and where its size comes from.
    public static func require(_ bytes: Int?, for what: @autoclosure () -> String) throws {
        let available = self.available
        if let bytes, bytes <= available { return }
        throw MemoryLimitError(what: what(), needed: bytes, available: available)
    }

    /// Bytes for `count` elements of `elementSize` bytes each, checked like `require`.
    public static func require(elements factors: [Int], elementSize: Int, for what: @autoclosure () -> String) throws {
        try require(ElementCount.product(factors + [elementSize]), for: what())
    }

    /// A "Name:   1234 kB" line of a /proc file, in bytes; nil where the file does not exist
    /// (no such limit is then known).
    private static func kibibytesField(_ name: String, of file: String) -> Int? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kibibytes = Int(fields[1]) else { return nil }
            return kibibytes * 1024
        }
        return nil
    }

    private static func meminfoAvailable() -> Int? {
        kibibytesField("MemAvailable", of: "/proc/meminfo")
    }

    /// RLIMIT_AS minus the address space already mapped (RLIM_INFINITY is all ones: no limit).
    private static func addressSpaceRemaining() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
            let bytes = Int(exactly: limit.rlim_cur)
        else { return nil }
        return max(0, bytes - (kibibytesField("VmSize", of: "/proc/self/status") ?? 0))
    }

    /// The cgroup v2 (memory.max − memory.current) or v1 (limit − usage) of this process's
    /// memory controller, nil when there is no limit.
    private static func cgroupRemaining() -> Int? {
        func number(_ path: String) -> Int? {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        for (limit, usage) in [
            ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
            ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
        ] {
            // "max" (v2) or a value near Int.max (v1) mean no limit.
            guard let limit = number(limit), limit < Int.max / 2 else { continue }
            return max(0, limit - (number(usage) ?? 0))
        }
        return nil
    }
}
