import Foundation

/// The processes an MPI launcher (`mpirun`, Slurm's `srun`) started, as MPI_COMM_WORLD.
///
/// MPI is initialized only when the environment shows such a launcher: a plain `faststyle`
/// never loads the library (`OpenMPI`; Open MPI's "singleton" start would spawn a daemon). Errors of
/// MPI itself are fatal (MPI's default handler): a peer that dies makes the job end, never hang.
/// Every call is made from the thread that initialized MPI (MPI_THREAD_FUNNELED).
public final class MPIProcessGroup: ProcessGroup {
    public let rank: Int
    public let size: Int
    public let host: String
    public private(set) var reductionSeconds: Double = 0
    public private(set) var waitingSeconds: Double = 0
    private let mpi: OpenMPI

    /// Floats per MPI_Allreduce call: 16 MiB, large enough that the per-call latency (tens of
    /// microseconds) is nothing against the transfer, small enough to bound MPI's own buffers.
    public static let bucketFloats = 1 << 22

    /// Environment variables that Open MPI's `mpirun`, PMIx and Slurm's PMI set in every process
    /// they launch.
    static let launcherVariables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"]

    /// Whether this process was started by an MPI launcher.
    public static func isLaunched(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        launcherVariables.contains { environment[$0] != nil }
    }

    /// The number of processes the launcher put on this machine (Open MPI's variable), if known:
    /// they share its cores.
    public static func localSize(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Loads Open MPI, initializes MPI (once per process) and joins MPI_COMM_WORLD.
    public init() throws {
        mpi = try OpenMPI()
        var provided: Int32 = 0
        _ = mpi.initThread(nil, nil, mpi.threadFunneled, &provided)
        var rank: Int32 = 0, size: Int32 = 0
        _ = mpi.commRank(mpi.commWorld, &rank)
        _ = mpi.commSize(mpi.commWorld, &size)
        self.rank = Int(rank)
        self.size = Int(size)
        host = ProcessInfo.processInfo.hostName
    }

    /// Leaves MPI; every process must call it (after the last collective operation) before exiting normally.
    public func finalize() {
        _ = mpi.finalize()
    }

    /// Ends every process of the job (the launcher kills the others), for a failure the other
    /// processes cannot know about: they would otherwise wait for this one forever.
    public func abort(status: Int32) -> Never {
        _ = mpi.abort(mpi.commWorld, status)
        exit(status)
    }

    public func sumInPlace(_ values: UnsafeMutableBufferPointer<Float>) {
        guard let base = values.baseAddress else { return }
        // A barrier first (microseconds) separates the wait for the slowest process from the sum.
        let arrived = Date()
        _ = mpi.barrier(mpi.commWorld)
        let start = Date()
        waitingSeconds += start.timeIntervalSince(arrived)
        for offset in stride(from: 0, to: values.count, by: Self.bucketFloats) {
            let count = min(Self.bucketFloats, values.count - offset)
            _ = mpi.allreduce(mpi.inPlace, base + offset, Int32(count), mpi.float, mpi.sum, mpi.commWorld)
        }
        reductionSeconds += Date().timeIntervalSince(start)
    }

    public func sum(_ values: [Double]) -> [Double] {
        var result = values
        result.withUnsafeMutableBufferPointer { buffer in
            _ = mpi.allreduce(mpi.inPlace, buffer.baseAddress, Int32(buffer.count), mpi.double, mpi.sum, mpi.commWorld)
        }
        return result
    }

    public func gather(_ value: UInt64) -> [UInt64] {
        var mine = value
        var all = [UInt64](repeating: 0, count: size)
        all.withUnsafeMutableBufferPointer { buffer in
            _ = mpi.allgather(&mine, 1, mpi.uint64, buffer.baseAddress, 1, mpi.uint64, mpi.commWorld)
        }
        return all
    }
}
