import Foundation
import XCTest

/// Running the built `faststyle` under Open MPI's `mpirun`, on this machine.
extension XCTestCase {
    /// `mpirun` (openmpi-bin, installed by scripts/bootstrap.sh).
    public static func mpirun() throws -> URL {
        let url = URL(fileURLWithPath: "/usr/bin/mpirun")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw TestRequirement.missing("mpirun not installed (openmpi-bin; scripts/bootstrap.sh)")
        }
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw TestRequirement.missing("faststyle not built at \(executable.path)")
        }
        return url
    }

    /// mpirun's arguments for `processes` copies of faststyle with `arguments` (more processes
    /// than cores allowed; as root, which Open MPI refuses unless told).
    public static func mpirunArguments(processes: Int, _ arguments: [String]) -> [String] {
        (geteuid() == 0 ? ["--allow-run-as-root"] : []) + ["--oversubscribe", "-np", "\(processes)", executable.path]
            + arguments
    }

    /// A process that runs `arguments` (for mpirun) from the repository root, its output piped.
    public static func mpirunProcess(_ arguments: [String]) throws -> (process: Process, output: Pipe, error: Pipe) {
        let process = Process()
        process.executableURL = try mpirun()
        process.arguments = arguments
        process.currentDirectoryURL = TestPaths.repositoryRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        return (process, out, err)
    }

    /// Runs `processes` copies of faststyle with `arguments` under mpirun, to the end.
    public func runUnderMPI(processes: Int, _ arguments: [String]) throws -> FastStyleRun {
        try runUnderMPI(Self.mpirunArguments(processes: processes, arguments))
    }

    /// Runs mpirun with `arguments` (e.g. several programs separated by ":"), to the end.
    public func runUnderMPI(_ arguments: [String]) throws -> FastStyleRun {
        let (process, out, err) = try Self.mpirunProcess(arguments)
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile(),
            error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return FastStyleRun(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            error: String(decoding: error, as: UTF8.self))
    }
}
