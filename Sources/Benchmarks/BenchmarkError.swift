import Foundation

/// Why `faststyle bench` cannot run or report a workload.
public enum BenchmarkError: LocalizedError, CustomStringConvertible, Equatable {
    case unknownWorkload(String, valid: [String])
    case workerFailed(String, status: Int32, output: String)
    case unreadableRecord(String, output: String, reason: String)
    case unsupportedCPU(String)
    case commandFailed([String], status: Int32)
    case missingInput(String)

    public var description: String {
        switch self {
        case let .unknownWorkload(name, valid):
            return
                "unknown workload '\(name)'; valid names: \(valid.joined(separator: ", ")) (or a kind: conv, stylize, "
                + "…)"
        case let .workerFailed(name, status, output):
            return "worker for '\(name)' failed (exit status \(status)):\n\(output)"
        case let .unreadableRecord(name, output, reason):
            return "worker for '\(name)' printed no readable record (\(reason)):\n\(output)"
        case let .unsupportedCPU(what):
            return "this CPU lacks \(what)"
        case let .commandFailed(arguments, status):
            return "faststyle \(arguments.joined(separator: " ")) failed (exit status \(status))"
        case let .missingInput(what):
            return "no \(what)"
        }
    }

    public var errorDescription: String? { description }
}
