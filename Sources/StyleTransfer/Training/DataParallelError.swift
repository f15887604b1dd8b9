/// Why a training run on several processes stops. Each is decided on values every process has
/// received, so every process throws the same error at the same step (none is left waiting).
public enum DataParallelError: SettingError, Equatable {
    /// The summed loss of step `iteration` is NaN or infinite; `ranks` are the processes whose
    /// own loss was.
    case lossNotFinite(iteration: Int, ranks: [Int], processes: Int)
    /// The summed gradient of step `iteration` is NaN or infinite; `ranks` as above.
    case gradientNotFinite(iteration: Int, ranks: [Int], processes: Int)
    /// After step `iteration` the processes `ranks` hold other parameters than rank 0.
    case parametersDiverged(iteration: Int, ranks: [Int])
    /// The processes `ranks` start from another run than rank 0: `what` differs.
    case startsDiffer(ranks: [Int], what: String)

    public func message(naming name: (Setting) -> String) -> String {
        switch self {
        case let .lossNotFinite(iteration, ranks, processes):
            return
                "the loss became NaN or infinite at iteration \(iteration) on \(Self.list(ranks)) of \(processes) "
                + "processes; "
                + "every process stopped and the last checkpoint is kept. "
                + "Try a smaller \(name(.learningRate)) or smaller loss weights (\(name(.contentWeight)), "
                + "\(name(.styleWeight)))."
        case let .gradientNotFinite(iteration, ranks, processes):
            return
                "a gradient became NaN or infinite at iteration \(iteration) on \(Self.list(ranks)) of \(processes) "
                + "processes; "
                + "every process stopped and the last checkpoint is kept. Try a smaller \(name(.learningRate))."
        case let .parametersDiverged(iteration, ranks):
            return "after iteration \(iteration) the parameters of \(Self.list(ranks)) differ from rank 0's "
                + "(a process computed differently: mixed binaries or hardware?); every process stopped, the last "
                + "checkpoint is kept"
        case let .startsDiffer(ranks, what):
            return "\(what) of \(Self.list(ranks)) differ from rank 0's: every process must be given the same options, "
                + "dataset and checkpoint (the same files on every machine)"
        }
    }

    private static func list(_ ranks: [Int]) -> String {
        ranks.isEmpty
            ? "no single rank"
            : (ranks.count == 1 ? "rank " : "ranks ") + ranks.map(String.init).joined(separator: ", ")
    }
}
