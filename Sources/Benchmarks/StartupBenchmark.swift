import Foundation
import StyleTransfer

/// `startup:WxH`: `faststyle stylize` of one photograph of that size as a user runs it, in a new
/// process each time (Johnson's network, random weights), timed from start to exit:
/// - `cold`: with no convolution choices on disk (every pass measures its variants first);
/// - `warm`: with the choices the earlier runs kept (the headline);
/// - `in_process`: the same stylize (read, network, write) by the library in a process that has
///   already run one: what a fresh process is compared with (issue 33: warm within 1.15× of it).
enum StartupBenchmark {
    static func measure(_ record: inout BenchmarkRecord, _ runner: BenchmarkRunner) throws {
        let (width, height) = runner.workload.imageSize
        let files = try CommandFixtures(runner, photos: 1, width: width, height: height)
        let photo = files.photos[0], output = files.folder + "/stylized.jpg"
        let stylize = TimedCommand(
            arguments: ["stylize", "--model", files.model, photo, "-o", output, "--overwrite"]
                + runner.convolutionArguments, environment: files.environment)
        let cold = try runner.time(gflop: nil) {
            try files.emptyCache()
            _ = try stylize.run(program: runner.program)
        }
        let warm = try runner.time(gflop: nil) { _ = try stylize.run(program: runner.program) }
        let checkpoint = try Checkpoint.read(from: files.model)
        let queue = StylizeQueue(
            stylizer: try Stylizer(checkpoint: checkpoint, path: files.model, policy: runner.policy),
            settings: StylizeSettings())
        let job = StylizeJob(input: photo, output: output, name: "photo")
        let inProcess = try runner.time(gflop: nil) {
            var failure: Error?
            _ = queue.run([job]) { event in
                if case let .failed(_, error) = event { failure = error }
            }
            if let failure { throw failure }
        }
        record.summary = warm
        record.passes = ["cold": cold, "warm": warm, "in_process": inProcess]
        record.ratios = [
            "warm/in_process": warm.secondsMedian / inProcess.secondsMedian,
            "cold/in_process": cold.secondsMedian / inProcess.secondsMedian,
        ]
        record.timedRegion =
            "faststyle stylize of one photograph in a new process, start to exit, with the convolution choices on "
            + "disk (warm; cold: none); in_process: the same read, stylize and write in a process that has "
            + "already run one"
    }
}
