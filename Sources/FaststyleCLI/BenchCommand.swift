import ArgumentParser
import Benchmarks
import Foundation

/// `faststyle bench …`: time the workloads of design.md §6, each in a fresh process, and compare
/// them with PyTorch's timings of the same workloads (`../shared/bench/peer_torch.py`).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time convolution, style-transfer and peak-FLOP workloads, each in a fresh process.",
        discussion: """
            Workload names and repetition counts are those of the PyTorch and ONNX Runtime peer scripts, so \
            their JSON and ours compare by name (scripts/bench-vs-torch.sh runs them and faststyle side by side). \
            `peak` measures the machine's FMA \
            peak; when it runs (first), the table gives every figure as a percentage of it. \
            OMP_NUM_THREADS is left alone: oneDNN uses every core.
            """
    )

    @Argument(help: "Workloads or kinds (e.g. conv:64x64, conv, peak); default: every workload.")
    var workloads: [String] = []

    @Option(help: "Write every record (peer_torch.py's JSON schema) to this file (default: no file).")
    var json: String?

    @Flag(help: "List the workloads with their warm-up and repetition counts, and exit.")
    var list = false

    @Option(parsing: .unconditional, help: "Multiply the repetition counts (at least 3 when scaled).")
    var repsScale: Double = 1

    @Option(help: "A peer_torch.py JSON output: print ours ÷ theirs for the workloads in both (default: none).")
    var peerJSON: String?

    @OptionGroup var weights: VGGWeightsOption

    @Option(help: .hidden)
    var worker: String?

    @OptionGroup var convolution: ConvolutionOptions<StylizeConvolutions>

    func validate() throws {
        guard repsScale > 0 else { throw ValidationError("--reps-scale must be positive") }
        if let peerJSON, !FileManager.default.fileExists(atPath: peerJSON) {
            throw ValidationError("--peer-json: no file at \(peerJSON)")
        }
        try ErrorMessage.validating { _ = try WorkloadRegistry.resolve(workloads) }
    }

    func run() throws {
        if let worker {
            // Only some workloads read these files, and say when one is missing: a file found nowhere
            // is given as where it would be (where `weights fetch` writes; the repository's clip).
            let vgg = (try? weights.path) ?? DataFile.vggWeights.destination()
            let clip = (try? DataFile.benchmarkClip.resolve()) ?? DataFile.benchmarkClip.repositoryPath
            let photos = (try? DataFile.benchmarkPhotographs.resolve()) ?? DataFile.benchmarkPhotographs.repositoryPath
            let record = try BenchmarkRunner.measure(
                workloadNamed: worker, repsScale: repsScale, vggWeightsPath: vgg, videoClipPath: clip,
                photoFolder: photos, program: try Self.executable(), policy: try convolution.policy())
            print(String(decoding: try JSONEncoder().encode(record), as: UTF8.self))
            return
        }
        if list {
            for w in WorkloadRegistry.all {
                print(
                    "\(w.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(w.kind) \(w.size) batch "
                        + "\(w.batch), warm-up \(w.warmup), reps \(w.reps)"
                )
            }
            return
        }
        let chosen = try WorkloadRegistry.resolve(workloads)
        // The peak first, so that every other figure can be given as a fraction of it.
        let ordered = chosen.filter { $0.kind == "peak" } + chosen.filter { $0.kind != "peak" }
        var records: [BenchmarkRecord] = []
        var peak: Double?
        for workload in ordered {
            let record = try WorkerProcess.run(workload, command: try workerCommand(workload))
            if workload.kind == "peak" { peak = record.summary?.gflopsAtMedian }
            BenchmarkTable.lines(for: record, peak: peak).forEach { print($0) }
            fflush(stdout)
            records.append(record)
        }
        if let json {
            try BenchmarkReport(results: records).write(to: json)
            print("bench: wrote \(json)")
        }
        if let peerJSON {
            let theirs = try BenchmarkReport.records(fromFile: peerJSON)
            print("")
            BenchmarkTable.comparison(ours: records, theirs: theirs, peerName: "PyTorch").forEach { print($0) }
        }
    }

    private static func executable() throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }

    /// This executable again, measuring `workload` alone (the hidden `--worker`).
    private func workerCommand(_ workload: Workload) throws -> [String] {
        // The worker finds the weights as this process does, unless --vgg names them.
        return [try Self.executable(), "bench", "--worker", workload.name, "--reps-scale", String(repsScale)]
            + (weights.vgg.map { ["--vgg", $0] } ?? []) + convolution.arguments
    }
}
