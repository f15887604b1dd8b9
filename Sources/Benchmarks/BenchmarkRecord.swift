import Foundation

/// One workload's result: what `faststyle bench --worker NAME` prints as one JSON line and
/// `--json` collects under `results`. Keys are peer_torch.py's; absent values are left out.
public struct BenchmarkRecord: Codable, Equatable {
    public var workload: String
    public var kind: String
    /// "WxH" (width × height), as in peer_torch.py; "0" where no image size applies.
    public var size: String
    public var batch: Int
    public var warmup: Int
    public var reps: Int
    /// Threads the worker computes on (oneDNN uses every core; OMP_NUM_THREADS is not set).
    public var threads: Int?
    /// The headline timing (for conv: the three passes together, see `ConvolutionBenchmark`).
    public var summary: TimingSummary?
    /// Peak resident memory of the worker process, getrusage(RUSAGE_SELF).ru_maxrss.
    public var maxRSSMegabytes: Double?
    /// VmHWM of /proc/self/status: the same peak, as a cross-check.
    public var vmHWMMegabytes: Double?
    /// Per-pass timings of a layer benchmark: "fwd", "bwd_data", "bwd_weights".
    public var passes: [String: TimingSummary]?
    /// oneDNN implementation of each pass, e.g. "jit:avx512_core".
    public var implementations: [String: String]?
    public var gflopPerPass: Double?
    public var shape: [String: Int]?
    /// `peak`: FMA-loop GFLOP/s of the whole machine on 16-float (AVX-512) and 8-float (AVX2) vectors.
    public var gflopsAVX512: Double?
    public var gflopsAVX2: Double?
    /// What the convolutions were allowed (algorithm and precision).
    public var convolutionPolicy: String?
    /// True when convolutions may have run as Winograd (fewer multiplies) or bfloat16 (cheaper
    /// ones): the GFLOP/s are then effective, direct-convolution FLOPs per second, not work done.
    public var effectiveGFLOPs: Bool?
    /// What the timed region includes.
    public var timedRegion: String?
    /// Video workloads: frames per second end to end (`batch` frames in the median time).
    public var framesPerSecond: Double?
    /// Filled in by the parent process: CPU seconds other processes used while the worker ran,
    /// as a fraction of its wall time (as peer_torch.py's `noise_fraction`), and load averages.
    public var noiseFraction: Double?
    public var loadAverageBefore: [Double]?
    public var wallProcessSeconds: Double?

    public init(workload: String, kind: String, size: String, batch: Int, warmup: Int, reps: Int) {
        self.workload = workload
        self.kind = kind
        self.size = size
        self.batch = batch
        self.warmup = warmup
        self.reps = reps
    }

    enum CodingKeys: String, CodingKey {
        case workload, kind, size, batch, warmup, reps, threads, passes, implementations, shape
        case maxRSSMegabytes = "maxrss_mb"
        case vmHWMMegabytes = "vm_hwm_mb"
        case gflopPerPass = "gflop_per_pass"
        case gflopsAVX512 = "gflops_avx512"
        case gflopsAVX2 = "gflops_avx2"
        case timedRegion = "timed_region"
        case framesPerSecond = "fps"
        case convolutionPolicy = "conv_policy"
        case effectiveGFLOPs = "effective_gflops"
        case noiseFraction = "noise_fraction"
        case loadAverageBefore = "loadavg_before"
        case wallProcessSeconds = "wall_process_s"
    }

    // The headline summary's keys sit at the top level of the record, as in peer_torch.py.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        workload = try c.decode(String.self, forKey: .workload)
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? ""
        size = try c.decodeIfPresent(String.self, forKey: .size) ?? ""
        batch = try c.decodeIfPresent(Int.self, forKey: .batch) ?? 0
        warmup = try c.decodeIfPresent(Int.self, forKey: .warmup) ?? 0
        reps = try c.decodeIfPresent(Int.self, forKey: .reps) ?? 0
        threads = try c.decodeIfPresent(Int.self, forKey: .threads)
        let top = try decoder.container(keyedBy: TimingSummary.CodingKeys.self)
        summary = top.contains(.secondsMedian) ? try TimingSummary(from: decoder) : nil
        maxRSSMegabytes = try c.decodeIfPresent(Double.self, forKey: .maxRSSMegabytes)
        vmHWMMegabytes = try c.decodeIfPresent(Double.self, forKey: .vmHWMMegabytes)
        passes = try c.decodeIfPresent([String: TimingSummary].self, forKey: .passes)
        implementations = try c.decodeIfPresent([String: String].self, forKey: .implementations)
        gflopPerPass = try c.decodeIfPresent(Double.self, forKey: .gflopPerPass)
        shape = try c.decodeIfPresent([String: Int].self, forKey: .shape)
        gflopsAVX512 = try c.decodeIfPresent(Double.self, forKey: .gflopsAVX512)
        gflopsAVX2 = try c.decodeIfPresent(Double.self, forKey: .gflopsAVX2)
        timedRegion = try c.decodeIfPresent(String.self, forKey: .timedRegion)
        framesPerSecond = try c.decodeIfPresent(Double.self, forKey: .framesPerSecond)
        convolutionPolicy = try c.decodeIfPresent(String.self, forKey: .convolutionPolicy)
        effectiveGFLOPs = try c.decodeIfPresent(Bool.self, forKey: .effectiveGFLOPs)
        noiseFraction = try c.decodeIfPresent(Double.self, forKey: .noiseFraction)
        loadAverageBefore = try c.decodeIfPresent([Double].self, forKey: .loadAverageBefore)
        wallProcessSeconds = try c.decodeIfPresent(Double.self, forKey: .wallProcessSeconds)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(workload, forKey: .workload)
        try c.encode(kind, forKey: .kind)
        try c.encode(size, forKey: .size)
        try c.encode(batch, forKey: .batch)
        try c.encode(warmup, forKey: .warmup)
        try c.encode(reps, forKey: .reps)
        try c.encodeIfPresent(threads, forKey: .threads)
        try summary?.encode(to: encoder)
        try c.encodeIfPresent(maxRSSMegabytes, forKey: .maxRSSMegabytes)
        try c.encodeIfPresent(vmHWMMegabytes, forKey: .vmHWMMegabytes)
        try c.encodeIfPresent(passes, forKey: .passes)
        try c.encodeIfPresent(implementations, forKey: .implementations)
        try c.encodeIfPresent(gflopPerPass, forKey: .gflopPerPass)
        try c.encodeIfPresent(shape, forKey: .shape)
        try c.encodeIfPresent(gflopsAVX512, forKey: .gflopsAVX512)
        try c.encodeIfPresent(gflopsAVX2, forKey: .gflopsAVX2)
        try c.encodeIfPresent(timedRegion, forKey: .timedRegion)
        try c.encodeIfPresent(framesPerSecond, forKey: .framesPerSecond)
        try c.encodeIfPresent(convolutionPolicy, forKey: .convolutionPolicy)
        try c.encodeIfPresent(effectiveGFLOPs, forKey: .effectiveGFLOPs)
        try c.encodeIfPresent(noiseFraction, forKey: .noiseFraction)
        try c.encodeIfPresent(loadAverageBefore, forKey: .loadAverageBefore)
        try c.encodeIfPresent(wallProcessSeconds, forKey: .wallProcessSeconds)
    }
}
