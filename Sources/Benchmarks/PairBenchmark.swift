import Foundation

/// `pair:SxS`: two faststyle jobs that share the cores, as when a user stylizes while a network
/// trains: a training run of `steps` steps on S×S crops (batch 4, Johnson's network) and a
/// stylize of `photographs` photographs of 768×512, each a process of its own, started together
/// (`together`, the headline: until both have exited), against the same two run one after the
/// other (`apart`: `train` + `stylize`, each timed alone). Issue 33's target: together ≤ 1.1 ×
/// apart. Before the timed runs, one training step and one stylize fill the cache of convolution
/// choices, so that no run measures them.
enum PairBenchmark {
    static let steps = 200
    static let photographs = 16

    static func measure(_ record: inout BenchmarkRecord, _ runner: BenchmarkRunner) throws {
        let side = runner.workload.imageSize.width
        let files = try CommandFixtures(runner, photos: photographs, width: 768, height: 512)
        func train(steps: Int) -> TimedCommand {
            TimedCommand(
                arguments: [
                    "train", "--style", files.photos[0], "--dataset", files.photoFolder, "--vgg", runner.vggWeightsPath,
                    "--checkpoint", files.folder + "/trained.h5", "--overwrite", "--iterations", String(steps),
                    "--image-size", String(side),
                ] + runner.convolutionArguments,
                environment: files.environment)
        }
        let stylize = TimedCommand(
            arguments: ["stylize", "--model", files.model] + files.photos
                + ["-o", files.folder + "/stylized", "--overwrite"] + runner.convolutionArguments,
            environment: files.environment)
        _ = try train(steps: 1).run(program: runner.program)
        _ = try stylize.run(program: runner.program)
        var times: [String: [Double]] = [:]
        for _ in 0..<runner.reps {
            let trainAlone = try train(steps: steps).run(program: runner.program)
            let stylizeAlone = try stylize.run(program: runner.program)
            let together = try TimedCommand.runTogether([train(steps: steps), stylize], program: runner.program)
            times["train", default: []].append(trainAlone)
            times["stylize", default: []].append(stylizeAlone)
            times["apart", default: []].append(trainAlone + stylizeAlone)
            times["together", default: []].append(together.max()!)
            times["train_together", default: []].append(together[0])
            times["stylize_together", default: []].append(together[1])
        }
        record.passes = times.mapValues { TimingSummary(times: $0) }
        record.summary = record.passes?["together"]
        record.ratios = [
            "together/apart": record.passes!["together"]!.secondsMedian / record.passes!["apart"]!.secondsMedian
        ]
        record.timedRegion =
            "faststyle train (\(steps) steps of \(side)², batch 4) and faststyle stylize (\(photographs) photographs "
            + "of 768×512), new processes, started together until both exit; apart: one after the other"
    }
}
