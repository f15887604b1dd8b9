import Foundation

/// How busy the machine is, to flag noisy measurements (the clock and the cores are shared).
enum MachineLoad {
    /// CPU seconds all processes have spent busy (steal included), from /proc/stat; nil where
    /// there is no /proc/stat (the record then has no noise fraction).
    static func busySeconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first
        else { return nil }
        let v = line.split(separator: " ").dropFirst().compactMap { Double($0) } + Array(repeating: 0, count: 8)
        // user nice system idle iowait irq softirq steal
        let busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
        return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// CPU seconds used by this process's finished children.
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func loadAverages() -> [Double] {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) == 3 ? loads : []
    }
}
