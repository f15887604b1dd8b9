import Foundation
import Tensors

/// Times a workload's region the way peer_torch.py does: `warmup` untimed runs, then `reps`
/// timed runs, each timed alone on the monotonic clock; the summary gives median and min.
public struct BenchmarkRunner {
    public let workload: Workload
    public let warmup: Int
    public let reps: Int
    /// What the workload's convolutions may do to be fast.
    public let policy: ConvolutionPolicy
    /// The VGG weights of the workloads that run the loss network (Keras HDF5 layout).
    public let vggWeightsPath: String
    /// The clip the video workloads resize and stylize (the repository's `datasets/video/desk.mp4`).
    public let videoClipPath: String
    /// Photographs (.jpg) the command workloads resize and use (the repository's `datasets/content`).
    public let photoFolder: String
    /// The faststyle executable the command workloads (`startup:`, `pair:`) run.
    public let program: String

    /// Counts of `workload`, with reps multiplied by `repsScale` (at least 3 when scaled, as
    /// peer_torch.py's `--reps-scale`).
    public init(
        workload: Workload, repsScale: Double = 1, vggWeightsPath: String, videoClipPath: String = "",
        photoFolder: String = "",
        program: String = "", policy: ConvolutionPolicy = .exact
    ) {
        self.workload = workload
        self.vggWeightsPath = vggWeightsPath
        self.videoClipPath = videoClipPath
        self.photoFolder = photoFolder
        self.program = program
        self.policy = policy
        warmup = workload.warmup
        reps =
            repsScale == 1 || workload.reps == 0
            ? workload.reps : max(3, Int((Double(workload.reps) * repsScale).rounded(.toNearestOrEven)))
    }

    /// The policy as faststyle's options, for the commands the command workloads run.
    var convolutionArguments: [String] {
        ["--conv-algorithm", policy.algorithm.rawValue, "--precision", policy.precision.rawValue]
    }

    /// Runs `body` `warmup` times, then times `reps` runs; `gflop` is the work of one run.
    public func time(gflop: Double?, _ body: () throws -> Void) rethrows -> TimingSummary {
        for _ in 0..<warmup { try body() }
        var times: [Double] = []
        times.reserveCapacity(reps)
        for _ in 0..<reps {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return TimingSummary(times: times, gflop: gflop)
    }

    /// Runs the workload `name` in this process and returns its record, with this process's
    /// peak memory. The worker process (`WorkerProcess`) calls this, one fresh process per workload.
    public static func measure(
        workloadNamed name: String, repsScale: Double = 1, vggWeightsPath: String, videoClipPath: String = "",
        photoFolder: String = "", program: String = "", policy: ConvolutionPolicy = .exact
    ) throws -> BenchmarkRecord {
        guard let workload = WorkloadRegistry.all.first(where: { $0.name == name }) else {
            throw BenchmarkError.unknownWorkload(name, valid: WorkloadRegistry.all.map(\.name))
        }
        let measure = workload.measure
        let runner = BenchmarkRunner(
            workload: workload, repsScale: repsScale, vggWeightsPath: vggWeightsPath, videoClipPath: videoClipPath,
            photoFolder: photoFolder, program: program, policy: policy)
        var record = BenchmarkRecord(
            workload: name, kind: workload.kind, size: workload.size,
            batch: workload.batch, warmup: runner.warmup, reps: runner.reps)
        record.threads = ProcessInfo.processInfo.activeProcessorCount
        record.convolutionPolicy = policy.description
        if workload.kind != "peak" { record.effectiveGFLOPs = !policy.isExact }
        try measure(&record, runner)
        record.maxRSSMegabytes = ProcessMemory.maxRSSMegabytes()
        record.vmHWMMegabytes = ProcessMemory.vmHWMMegabytes()
        return record
    }
}
