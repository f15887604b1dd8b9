import Foundation
import StyleTransfer
import TestSupport
import Video
import XCTest

/// `faststyle stylize` on the repository's real clip, run as a user runs it.
final class StylizeVideoCommandTests: XCTestCase {
    private var directory: URL!
    private var model: String { path("model.h5") }
    private let clip = TestPaths.repositoryFile("datasets/video/desk.mp4")

    override func setUpWithError() throws {
        directory = try temporaryFolder("stylize-video")
        // The smallest network: the runs test the video's path, not the network's.
        try StylizeTestSupport.writeCheckpoint(architecture: TinyTraining.architecture, to: model)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func frameCount(_ path: String) throws -> (info: VideoInfo, frames: Int, last: Double) {
        let reader = try VideoReader(path: path)
        var count = 0, last = 0.0
        while let frame = try reader.nextFrame() { count += 1; last = frame.seconds }
        return (reader.info, count, last)
    }

    func testAClipKeepsItsFramesRateDurationSizeAndAudio() throws {
        let output = path("out.mp4")
        // Steadying is tested at a small size below (in a debug build it is the slow part).
        let result = try run(["stylize", "--model", model, clip, "-o", output, "--no-temporal"])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.output.contains("36 frames"), result.output)
        let (original, originalFrames, originalLast) = try frameCount(clip)
        let (stylized, frames, last) = try frameCount(output)
        XCTAssertEqual(frames, originalFrames)
        XCTAssertEqual(last, originalLast, accuracy: 1e-4)
        XCTAssertEqual(stylized.width, original.width)
        XCTAssertEqual(stylized.height, original.height)
        XCTAssertEqual(
            stylized.frameRate.numerator * original.frameRate.denominator,
            original.frameRate.numerator * stylized.frameRate.denominator)
        XCTAssertEqual(try XCTUnwrap(stylized.duration), try XCTUnwrap(original.duration), accuracy: 0.5 / 30)
        XCTAssertEqual(stylized.audioStreams, 1)
        XCTAssertEqual(stylized.codec, "h264")
    }

    func testSizeOptionAndTheDefaultOutputName() throws {
        let folder = directory.appendingPathComponent("cwd")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("desk.mp4").path
        try FileManager.default.copyItem(atPath: clip, toPath: copy)
        // Run from the repository root (FastStyleRun's folder): the default output goes there, so
        // name it by a path instead and check the default separately, without writing.
        let result = try run([
            "stylize", "--model", model, copy, "-o", path("small.mkv"), "--size", "81", "--no-temporal", "--crf", "30",
        ])
        XCTAssertEqual(result.status, 0, result.error)
        let (info, frames, _) = try frameCount(path("small.mkv"))
        XCTAssertEqual(info.width, 80, "81 wide rounds to even sides for 4:2:0")
        XCTAssertEqual(info.height, 60)
        XCTAssertEqual(frames, 36)
        XCTAssertEqual(try StylizeJobs.defaultOutput(inputs: [copy], style: "starry_night"), "desk_starry_night.mp4")
        XCTAssertEqual(try StylizeJobs.defaultOutput(inputs: ["/x/clip.avi"], style: "udnie"), "clip_udnie.mp4")
    }

    func testAnExistingOutputIsReplacedOnlyWhenAsked() throws {
        let output = path("exists.mp4")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: output))
        try assertFails(["stylize", "--model", model, clip, "-o", output], mentioning: ["--overwrite", "exists.mp4"])
        XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), "keep me")
        let result = try run(["stylize", "--model", model, clip, "-o", output, "--overwrite", "--size", "64"])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertEqual(try frameCount(output).frames, 36)
    }

    func testTheInputIsNeverTheOutput() throws {
        let copy = path("same.mp4")
        try FileManager.default.copyItem(atPath: clip, toPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        try FileManager.default.createSymbolicLink(atPath: path("link.mp4"), withDestinationPath: copy)
        try assertFails(
            ["stylize", "--model", model, copy, "-o", path("link.mp4"), "--overwrite"],
            mentioning: ["link.mp4", "input"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: copy)), before)
    }

    /// Ctrl-C in the middle: exit status 130, no output and no temporary file, an existing
    /// output untouched.
    func testInterruptingLeavesNothingBehind() throws {
        let output = path("interrupted.mp4")
        try Data("previous".utf8).write(to: URL(fileURLWithPath: output))
        let process = Process()
        process.executableURL = Self.executable
        // Upscaled frames make each one slow enough to interrupt half-way.
        process.arguments = ["stylize", "--model", model, clip, "-o", output, "--overwrite", "--size", "640"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        // Wait for the first progress line, then interrupt.
        let first = out.fileHandleForReading.availableData
        XCTAssertTrue(String(decoding: first, as: UTF8.self).contains("desk.mp4"))
        Thread.sleep(forTimeInterval: 1)
        process.interrupt()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), "previous")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.contains(".tmp-")
        }
        XCTAssertEqual(leftovers, [])
    }
}
