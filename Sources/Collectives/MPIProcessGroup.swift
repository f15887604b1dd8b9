import CMPI
import Foundation

/// The processes an MPI launcher (`mpirun`, Slurm's `srun`) started, as MPI_COMM_WORLD.
///
/// MPI is initialized only when the environment shows such a launcher: a plain `faststyle`
/// never calls into the library (Open MPI's "singleton" start would spawn a daemon). Errors of
/// MPI itself are fatal (MPI's default handler): a peer that dies makes the job end, never hang.
/// Every call is made from the thread that initialized MPI (MPI_THREAD_FUNNELED).
public final class MPIProcessGroup: ProcessGroup {
    public let rank: Int
    public let size: Int
    public let host: String
    public private(set) var reductionSeconds: Double = 0
    public private(set) var waitingSeconds: Double = 0
    private let world = mpi_comm_world()

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

    /// Initializes MPI (once per process) and joins MPI_COMM_WORLD.
    public init() {
        var provided: Int32 = 0
        MPI_Init_thread(nil, nil, mpi_thread_funneled(), &provided)
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(world, &rank)
        MPI_Comm_size(world, &size)
        self.rank = Int(rank)
        self.size = Int(size)
        host = ProcessInfo.processInfo.hostName
    }

    /// Leaves MPI; every process must call it (after the last collective operation) before exiting normally.
    public func finalize() {
        MPI_Finalize()
    }

    /// Ends every process of the job (the launcher kills the others), for a failure the other
    /// processes cannot know about: they would otherwise wait for this one forever.
    public func abort(status: Int32) -> Never {
        MPI_Abort(world, status)
        exit(status)
    }

    public func sumInPlace(_ values: UnsafeMutableBufferPointer<Float>) {
        guard let base = values.baseAddress else { return }
        // A barrier first (microseconds) separates the wait for the slowest process from the sum.
        let arrived = Date()
        MPI_Barrier(world)
        let start = Date()
        waitingSeconds += start.timeIntervalSince(arrived)
        for offset in stride(from: 0, to: values.count, by: Self.bucketFloats) {
            let count = min(Self.bucketFloats, values.count - offset)
            MPI_Allreduce(mpi_in_place(), base + offset, Int32(count), mpi_float(), mpi_sum(), world)
        }
        reductionSeconds += Date().timeIntervalSince(start)
    }

    public func sum(_ values: [Double]) -> [Double] {
        var result = values
        result.withUnsafeMutableBufferPointer { buffer in
            _ = MPI_Allreduce(mpi_in_place(), buffer.baseAddress, Int32(buffer.count), mpi_double(), mpi_sum(), world)
        }
        return result
    }

    public func gather(_ value: UInt64) -> [UInt64] {
        var mine = value
        var all = [UInt64](repeating: 0, count: size)
        all.withUnsafeMutableBufferPointer { buffer in
            _ = MPI_Allgather(&mine, 1, mpi_uint64(), buffer.baseAddress, 1, mpi_uint64(), world)
        }
        return all
    }
}
