import Foundation

/// Runs one workload in a fresh process, so that its peak memory is its own. The caller gives the
/// command that does it (for the command line, the executable again with `bench --worker NAME`):
/// it must run `BenchmarkRunner.measure` and print the record as one JSON line, last.
///
/// The worker is started through a small `/bin/sh`, as peer_torch.py does: on Linux a process's
/// ru_maxrss starts from the high-water mark of the address space it was exec'ed from, and sh's
/// is a few MB where this parent's is larger.
public enum WorkerProcess {
    public static func run(_ workload: Workload, command: [String]) throws -> BenchmarkRecord {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$@\"; exit $?", "sh"] + command
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
        guard process.terminationStatus == 0, let line = text.split(separator: "\n").last else {
            throw BenchmarkError.workerFailed(workload.name, status: process.terminationStatus, output: text)
        }
        var record: BenchmarkRecord
        do {
            record = try JSONDecoder().decode(BenchmarkRecord.self, from: Data(line.utf8))
        } catch {
            throw BenchmarkError.unreadableRecord(workload.name, output: text, reason: error.localizedDescription)
        }
        if let cpuBefore, let cpuAfter = MachineLoad.busySeconds() {
            let foreign = (cpuAfter - cpuBefore) - (MachineLoad.childrenCPUSeconds() - childrenBefore)
            record.noiseFraction = max(0, foreign) / max(wall, 1e-9)
        }
        record.loadAverageBefore = loadBefore
        record.wallProcessSeconds = wall
        return record
    }
}
