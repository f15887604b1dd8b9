/// Every workload `faststyle bench` knows.
///
/// To add one (e.g. `stylize:512x512` in a later issue): write a `Workload.Measure` function in a
/// file of this folder (as `ConvolutionBenchmark.measure`) that builds the model and inputs once
/// from `runner.workload` (`imageSize`, `batch`), then calls `runner.time(gflop:) { … }` around
/// exactly the work to measure and stores the summary in `record.summary` (plus any extra
/// fields, e.g. `passes`, `timedRegion`); then pass it as the last argument of that workload's
/// entry below. Sizes, batch and counts stay those of peer_torch.py; GFLOP counts follow
/// `../shared/bench/flops.py` (convolutions only, 2 × MACs). The worker process, memory figures,
/// JSON, table and PyTorch ratios then work for it unchanged.
public enum WorkloadRegistry {
    public static let all: [Workload] = [
        // name, kind, size, batch, warm-up, reps: as peer_torch.py's WORKLOADS.
        entry("stylize:256x256", "stylize", "256x256", batch: 1, warmup: 2, reps: 15, TransformerBenchmarks.stylize),
        entry("stylize:512x512", "stylize", "512x512", batch: 1, warmup: 2, reps: 9, TransformerBenchmarks.stylize),
        entry("stylize:1024x1024", "stylize", "1024x1024", batch: 1, warmup: 1, reps: 5, TransformerBenchmarks.stylize),
        entry("stylize:1920x1080", "stylize", "1920x1080", batch: 1, warmup: 1, reps: 5, TransformerBenchmarks.stylize),
        entry("train:256x256", "train", "256x256", batch: 4, warmup: 2, reps: 5, TransformerBenchmarks.train),
        entry("train:128x128", "train", "128x128", batch: 4, warmup: 2, reps: 9, TransformerBenchmarks.train),
        entry("gatys_lbfgs:512x512", "gatys_lbfgs", "512x512", batch: 1, warmup: 1, reps: 8, GatysBenchmark.measure),
        entry("gatys_adam:512x512", "gatys_adam", "512x512", batch: 1, warmup: 2, reps: 6, GatysBenchmark.measure),
        entry("conv:64x64", "conv", "64x64", batch: 4, warmup: 3, reps: 10, ConvolutionBenchmark.measure),
        entry("conv:128x128", "conv", "128x128", batch: 4, warmup: 3, reps: 7, ConvolutionBenchmark.measure),
        // Stylizing a clip end to end, 36 frames a run; ONNX Runtime's network alone on the same
        // decoded frames is scripts/peer_ort_video.py.
        entry("video_light:640x360", "video_light", "640x360", batch: 36, warmup: 1, reps: 5, VideoBenchmark.measure),
        entry("video:640x360", "video", "640x360", batch: 36, warmup: 1, reps: 3, VideoBenchmark.measure),
        entry(
            "video_light:1920x1080", "video_light", "1920x1080", batch: 36, warmup: 1, reps: 2, VideoBenchmark.measure),
        entry("video:1920x1080", "video", "1920x1080", batch: 36, warmup: 0, reps: 2, VideoBenchmark.measure),
        // faststyle only: no peer. Whole commands, each a new process: a photograph stylized
        // from a cold and a warm start, and a training run and a stylize sharing the cores.
        entry("startup:768x512", "startup", "768x512", batch: 1, warmup: 1, reps: 5, StartupBenchmark.measure),
        entry("pair:128x128", "pair", "128x128", batch: 4, warmup: 0, reps: 1, PairBenchmark.measure),
        entry("peak", "peak", "0", batch: 0, warmup: 1, reps: 5, PeakBenchmark.measure),
    ]

    /// The workloads to run for `names`: workload names or kinds ("conv" is every `conv:…`),
    /// in the order given; none given means every workload.
    public static func resolve(_ names: [String]) throws -> [Workload] {
        if names.isEmpty { return all }
        var chosen: [Workload] = []
        for name in names {
            let exact = all.filter { $0.name == name }
            let matches = exact.isEmpty ? all.filter { $0.kind == name } : exact
            guard !matches.isEmpty else { throw BenchmarkError.unknownWorkload(name, valid: all.map(\.name)) }
            for workload in matches where !chosen.contains(where: { $0.name == workload.name }) {
                chosen.append(workload)
            }
        }
        return chosen
    }

    private static func entry(
        _ name: String, _ kind: String, _ size: String, batch: Int, warmup: Int, reps: Int,
        _ measure: @escaping Workload.Measure
    ) -> Workload {
        Workload(name: name, kind: kind, size: size, batch: batch, warmup: warmup, reps: reps, measure: measure)
    }
}
