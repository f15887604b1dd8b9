import Foundation
import Imaging
import NN
import StyleTransfer
import Video

/// `video:WxH` (Johnson's network) and `video_light:WxH` (`--arch light`): `faststyle stylize` on
/// a clip, end to end: decoding, the network on every frame, the steadying, H.264 encoding and
/// the audio copied. The clip is the repository's real one (`datasets/video/desk.mp4`) resized
/// to W×H and re-encoded once, untimed (its 36 frames: `batch`); random weights.
enum VideoBenchmark {
    static func measure(_ record: inout BenchmarkRecord, _ runner: BenchmarkRunner) throws {
        let (width, height) = runner.workload.imageSize
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faststyle-bench-video-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("source.mp4").path,
            output = folder.appendingPathComponent("out.mp4").path
        let reader = try VideoReader(path: runner.videoClipPath)
        reader.outputSize = (width, height)
        let frames = try VideoTranscoding.run(
            reader, to: source, naming: source, encoding: VideoEncoding(codec: .h264, quality: 14)
        ) { $0.image }
        var trainingSettings = TrainingSettings()
        trainingSettings.network.architecture = runner.workload.kind == "video_light" ? .light : .johnson
        let network = try TransformerNet(settings: trainingSettings.network)
        network.initialize(seed: 0)
        let checkpoint = Checkpoint(
            settings: trainingSettings, iteration: 0, seconds: 0,
            parameters: network.parameters.map { ($0.name, $0.value.shape, $0.value.toArray()) },
            buffers: [], styleTargets: [:], optimizer: nil, history: [])
        let stylizer = try Stylizer(checkpoint: checkpoint, path: "random weights", policy: runner.policy)
        var settings = VideoSettings()
        settings.overwrite = true
        let video = VideoStylizer(stylizer: stylizer, settings: StylizeSettings(), video: settings)
        record.summary = try runner.time(gflop: nil) { try video.run(input: source, output: output) }
        record.framesPerSecond = record.summary.map { Double(frames) / $0.secondsMedian }
        record.timedRegion =
            "stylize of a \(frames)-frame H.264 clip with audio, end to end: decoding, the network, the steadying "
            + "(optical flow and blend), encoding (x264, CRF 18), the temporary file renamed"
    }
}
