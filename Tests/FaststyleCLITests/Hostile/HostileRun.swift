import Foundation
import Platform
import TestSupport
import XCTest

/// One run of the built `faststyle` as a hostile user runs it: stdin closed, a deadline (a hang
/// is killed and reported), and limits set for the child alone with prlimit(1): its address
/// space (so that a regression cannot take the machine's memory: an allocation fails instead)
/// and, for full-disk cases without root, its file size (writes beyond it fail with EFBIG).
///
/// Arguments are passed as UTF-8, except that é (U+00E9) is passed as its Latin-1 byte 0xE9:
/// that is how a file name that is not UTF-8 reaches the program (`Process` cannot pass one).
struct HostileRun {
    enum Ending: Equatable {
        case exited(Int32)
        /// Killed by a signal (a crash: SIGSEGV, SIGILL for a Swift trap, SIGABRT, …).
        case signalled(Int32)
        /// Still running at the deadline, then killed.
        case hung
    }

    var ending: Ending
    var output: String
    var error: String

    /// The first "Error: …" line of stderr, without the prefix.
    var errorLine: String? {
        error.split(separator: "\n").first { $0.hasPrefix("Error: ") }.map { String($0.dropFirst("Error: ".count)) }
    }

    /// Address space allowed to each run: a debug process maps about 1 GiB.
    static let addressSpaceLimit = 8 << 30

    static func run(_ arguments: [String], fileSizeLimit: Int? = nil, timeout: TimeInterval = 90) throws -> HostileRun {
        let executable = XCTestCase.executable.path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestRequirement.missing("faststyle not built at \(executable)")
        }
        let argv =
            ["/usr/bin/prlimit", "--as=\(addressSpaceLimit)"] + (fileSizeLimit.map { ["--fsize=\($0)"] } ?? [])
            + ["--", executable] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"   // a crash ends at once, without a long backtrace
        let out = Pipe(), err = Pipe()
        let pid = try spawn(
            argv.map(bytes), environment: environment.map { "\($0.key)=\($0.value)" }, stdout: out, stderr: err)
        try? out.fileHandleForWriting.close()
        try? err.fileHandleForWriting.close()
        // Both pipes drained while the process runs, so that a chatty run cannot block on them.
        let group = DispatchGroup()
        let collected = [Collected(), Collected()]
        for (pipe, box) in zip([out, err], collected) {
            group.enter()
            DispatchQueue.global().async {
                box.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var ended = false
        while !ended, Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { ended = true } else { usleep(20_000) }
        }
        if !ended {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        group.wait()
        let signal = status & 0x7F
        let ending: Ending = !ended ? .hung : signal != 0 ? .signalled(signal) : .exited((status >> 8) & 0xFF)
        return HostileRun(
            ending: ending, output: String(decoding: collected[0].data, as: UTF8.self),
            error: String(decoding: collected[1].data, as: UTF8.self))
    }

    /// What one pipe delivered, set by the thread that drains it.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var value = Data()
        var data: Data { lock.withLock { value } }
        func set(_ data: Data) { lock.withLock { value = data } }
    }

    /// The bytes of an argument: UTF-8, with é as the Latin-1 byte 0xE9.
    private static func bytes(_ argument: String) -> [UInt8] {
        argument.unicodeScalars.flatMap { $0 == "\u{E9}" ? [0xE9] : Array(String($0).utf8) }
    }

    private static func spawn(_ argv: [[UInt8]], environment: [String], stdout: Pipe, stderr: Pipe) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout.fileHandleForWriting.fileDescriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr.fileHandleForWriting.fileDescriptor, 2)
        let cArguments = argv.map { bytes in
            (bytes + [0]).withUnsafeBufferPointer {
                strdup(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self))
            }
        }
        let cEnvironment = environment.map { strdup($0) }
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var pid: pid_t = 0
        let result = (cArguments + [nil]).withUnsafeBufferPointer { args in
            (cEnvironment + [nil]).withUnsafeBufferPointer { env in
                posix_spawn(
                    &pid, args[0]!, &actions, nil, UnsafeMutablePointer(mutating: args.baseAddress!),
                    UnsafeMutablePointer(mutating: env.baseAddress!))
            }
        }
        guard result == 0 else { throw HostileFileError("cannot run faststyle: \(String(cString: strerror(result)))") }
        return pid
    }
}
