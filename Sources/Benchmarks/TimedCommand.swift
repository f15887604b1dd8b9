import Foundation

/// A command of the faststyle program run in a process of its own, for the workloads that time
/// what a user waits for (`startup:`, `pair:`): wall time from start to exit.
struct TimedCommand {
    let arguments: [String]
    /// Added to this process's environment (e.g. `XDG_CACHE_HOME`, the cache of convolution choices).
    var environment: [String: String] = [:]

    private func makeProcess(program: String) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        return process
    }

    /// Runs the command and returns its wall seconds; throws if it fails.
    func run(program: String) throws -> Double {
        try Self.runTogether([self], program: program)[0]
    }

    /// Starts every command at once and returns each one's wall seconds from the common start.
    static func runTogether(_ commands: [TimedCommand], program: String) throws -> [Double] {
        let processes = commands.map { $0.makeProcess(program: program) }
        let start = DispatchTime.now().uptimeNanoseconds
        let ends = Ends(count: commands.count)
        let group = DispatchGroup()
        for (index, process) in processes.enumerated() {
            group.enter()
            process.terminationHandler = { _ in
                ends.set(index, DispatchTime.now().uptimeNanoseconds)
                group.leave()
            }
        }
        for process in processes { try process.run() }
        group.wait()
        for (process, command) in zip(processes, commands) where process.terminationStatus != 0 {
            throw BenchmarkError.commandFailed(command.arguments, status: process.terminationStatus)
        }
        return ends.values.map { Double($0 - start) / 1e9 }
    }

    /// Exit times, written from the processes' termination handlers.
    private final class Ends: @unchecked Sendable {
        private let lock = NSLock()
        private var times: [UInt64]
        init(count: Int) { times = [UInt64](repeating: 0, count: count) }
        func set(_ index: Int, _ time: UInt64) { lock.withLock { times[index] = time } }
        var values: [UInt64] { lock.withLock { times } }
    }
}
