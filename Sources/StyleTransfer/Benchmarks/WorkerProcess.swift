import Foundation

/// Runs one workload in a fresh process, so that its peak memory is its own: this executable
/// again, as `faststyle bench --worker NAME`, which prints the record as one JSON line.
///
/// The worker is started through a small `/bin/sh`, as peer_torch.py does: on Linux a process's
/// ru_maxrss starts from the high-water mark of the address space it was exec'ed from, and sh's
/// is a few MB where this parent's is larger.
public enum WorkerProcess {
    /// `arguments` are added to the worker's command line (e.g. the convolution policy).
    public static func run(_ workload: Workload, repsScale: Double, arguments: [String] = []) throws -> BenchmarkRecord {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$@\"; exit $?", "sh", executable, "bench", "--worker", workload.name,
                             "--reps-scale", String(repsScale)] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        let loadBefore = MachineLoad.loadAverages()
        let cpuBefore = MachineLoad.busySeconds(), childrenBefore = MachineLoad.childrenCPUSeconds()
        let start = Date()
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let wall = Date().timeIntervalSince(start)
        let text = String(decoding: output, as: UTF8.self)
        guard process.terminationStatus == 0,
              let line = text.split(separator: "\n").last,
              var record = try? JSONDecoder().decode(BenchmarkRecord.self, from: Data(line.utf8)) else {
            throw BenchmarkError.workerFailed(workload.name, status: process.terminationStatus, output: text)
        }
        let foreign = (MachineLoad.busySeconds() - cpuBefore) - (MachineLoad.childrenCPUSeconds() - childrenBefore)
        record.noiseFraction = max(0, foreign) / max(wall, 1e-9)
        record.loadAverageBefore = loadBefore
        record.wallProcessSeconds = wall
        return record
    }
}

/// How busy the machine is, to flag noisy measurements (the clock and the cores are shared).
enum MachineLoad {
    /// CPU seconds all processes have spent busy (steal included), from /proc/stat.
    static func busySeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first else { return 0 }
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
