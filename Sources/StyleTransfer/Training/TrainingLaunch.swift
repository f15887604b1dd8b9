import Collectives

/// Where a training run's processes come from: this process alone, or, under an MPI launcher
/// (`mpirun`, Slurm's `srun`), one rank of the group the launcher started. `run` opens the group,
/// trains in it and leaves it as every process of a group must.
public enum TrainingLaunch {
    /// Whether an MPI launcher started this process: `run` then trains data-parallel.
    public static var isLaunched: Bool { MPIProcessGroup.isLaunched() }

    /// How many of the launcher's processes run on this machine, if it says: they share its cores.
    public static var processesOnThisMachine: Int? { MPIProcessGroup.localSize() }

    /// Every process of a group stopped at the same step for `reason` (a `DataParallelError`,
    /// decided on values all of them received) and left the group; rank 0 says why.
    public struct StoppedTogether: Error {
        public let reason: DataParallelError
        /// Whether this process is rank 0, the one that says it.
        public let isRankZero: Bool
    }

    /// Runs `train` as this process's part of the run: alone (a group of one, errors thrown as
    /// they are) unless launched, else as a rank of the launcher's group, which every process
    /// leaves once `train` returns. In a group, a `DataParallelError` is thrown as
    /// `StoppedTogether` after leaving the group; any other error is this process's alone, which
    /// the others cannot know about (they would wait for it forever): `alone` is told this
    /// process's name and the error, and returns the exit status the whole job then ends with.
    public static func run(
        _ train: (ProcessGroup) throws -> Void,
        alone: (_ process: String, _ error: Error) -> Int32
    ) throws {
        guard isLaunched else { return try train(SingleProcess()) }
        let group = try MPIProcessGroup()
        do {
            try train(group)
        } catch let error as DataParallelError {
            group.finalize()
            throw StoppedTogether(reason: error, isRankZero: group.rank == 0)
        } catch {
            group.abort(status: alone(group.name, error))
        }
        group.finalize()
    }
}
