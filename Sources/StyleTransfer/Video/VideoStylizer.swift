import Foundation
import Imaging
import Platform
import Video

/// Stylizes a video: decodes it frame by frame, stylizes each frame as `StylizeSettings` say
/// (resized, tiled when large, colours and strength), steadies it against the previous output
/// (`TemporalSteadying`, unless turned off), and encodes it with the source's timing and audio.
/// The output is written under a temporary name and renamed into place only when complete, so
/// that an interrupted or failed run leaves any existing file as it was.
public final class VideoStylizer {
    public let stylizer: Stylizer
    public let settings: StylizeSettings
    public let video: VideoSettings

    public init(stylizer: Stylizer, settings: StylizeSettings, video: VideoSettings) {
        self.stylizer = stylizer
        self.settings = settings
        self.video = video
    }

    /// Throws unless a video can be written at `output` from `input`: a video container, not the
    /// input itself, not an existing file (unless `overwrite`), in a writable folder.
    public static func requireOutput(_ output: String, input: String, overwrite: Bool) throws {
        guard VideoContainer.outputExtensions.contains(VideoContainer.fileExtension(of: output)) else {
            throw InvalidSetting(
                .output, output,
                "must be a video file: .\(VideoContainer.outputExtensions.sorted().joined(separator: ", ."))")
        }
        if FileIdentity.same(output, input) {
            throw InvalidSetting(.output, output, "must not be the input video")
        }
        if FileKind.isPresent(output), FileKind.of(output) != .directory, !overwrite {
            throw MissingSetting(.overwrite, "\(output) exists already")
        }
        try OutputPath.requireWritableFile(output)
    }

    /// The size frames are stylized at: the source's, or its long side resized to
    /// `settings.longSide` with even sides (4:2:0 video needs them).
    public func frameSize(of info: VideoInfo) -> (width: Int, height: Int) {
        guard settings.longSide != nil else { return (info.width, info.height) }
        let size = InputSize.size(width: info.width, height: info.height, longSide: settings.longSide)
        return (max(2, size.width / 2 * 2), max(2, size.height / 2 * 2))
    }

    /// Stylizes `input` into `output`. `isCancelled` is asked before each frame: when it says
    /// yes, the run stops with `VideoInterrupted` and nothing is written.
    @discardableResult
    public func run(
        input: String, output: String, isCancelled: () -> Bool = { false },
        report: (VideoStylizeEvent) -> Void = { _ in }
    ) throws -> VideoStylizeSummary {
        try video.validate(output: output)
        try Self.requireOutput(output, input: input, overwrite: video.overwrite)
        let reader = try VideoReader(path: input)
        let size = frameSize(of: reader.info)
        try stylizer.requireMemory(width: size.width, height: size.height, settings: settings, name: input)
        reader.outputSize = size
        report(.started(reader.info, width: size.width, height: size.height))
        var frameSettings = settings
        frameSettings.longSide = nil   // the reader resizes
        let steadying = video.temporal ? TemporalSteadying(weight: video.temporalWeight) : nil
        var summary = VideoStylizeSummary(width: size.width, height: size.height)
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let total = reader.info.expectedFrameCount
        try AtomicFile.replace(output) { temporary in
            summary.frames = try VideoTranscoding.run(
                reader, to: temporary, naming: output, encoding: video.encoding(forOutput: output)
            ) { frame in
                if isCancelled() { throw VideoInterrupted(output: output, framesDone: frame.index) }
                func stylize() throws -> Image {
                    let stylized = try stylizer.stylize(frame.image, settings: frameSettings)
                    summary.forwardSeconds += stylized.forwardSeconds
                    return stylized.image
                }
                let result = try steadying?.steady(input: frame.image, stylizing: stylize) ?? stylize()
                let done = frame.index + 1, seconds = elapsed()
                let rate = Double(done) / max(seconds, 1e-9)
                report(
                    .frame(
                        done: done, total: total, framesPerSecond: rate,
                        secondsLeft: total.map { Double(max($0 - done, 0)) / rate }))
                return result
            }
        }
        summary.seconds = elapsed()
        return summary
    }
}

/// A video run stopped on request (Ctrl-C) before its end; its output was not written.
public struct VideoInterrupted: LocalizedError, CustomStringConvertible {
    public let output: String
    public let framesDone: Int
    public var description: String { "interrupted after \(framesDone) frames; \(output) was not written" }
    public var errorDescription: String? { description }
}
