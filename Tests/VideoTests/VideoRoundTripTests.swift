import Foundation
import Imaging
import TestSupport
import Video
import XCTest

/// Decoding and re-encoding the repository's real clip (`datasets/video/desk.mp4`: 320×240
/// H.264, 36 frames at 29.97 fps, AAC audio): every frame, the same timing, size and audio.
final class VideoRoundTripTests: XCTestCase {
    static let clip = TestPaths.repositoryFile("datasets/video/desk.mp4")

    private func frames(of path: String) throws -> (info: VideoInfo, frames: [VideoFrame]) {
        let reader = try VideoReader(path: path)
        var frames: [VideoFrame] = []
        while let frame = try reader.nextFrame() { frames.append(frame) }
        return (reader.info, frames)
    }

    private func temporaryFile(_ name: String) throws -> String {
        try temporaryFolder("video").appendingPathComponent(name).path
    }

    func testTheClipDecodesToEveryFrameItDeclares() throws {
        let (info, frames) = try frames(of: Self.clip)
        XCTAssertEqual(info.width, 320)
        XCTAssertEqual(info.height, 240)
        XCTAssertEqual(info.frameRate.numerator, 45000)
        XCTAssertEqual(info.frameRate.denominator, 1499)
        XCTAssertEqual(info.declaredFrameCount, 36)
        XCTAssertEqual(info.audioStreams, 1)
        XCTAssertEqual(info.codec, "h264")
        XCTAssertEqual(frames.count, 36)
        XCTAssertEqual(frames.map(\.index), Array(0..<36))
        XCTAssertTrue(zip(frames, frames.dropFirst()).allSatisfy { $0.seconds < $1.seconds }, "timestamps increase")
        XCTAssertEqual(frames[1].seconds - frames[0].seconds, 1499.0 / 45000, accuracy: 1e-6)
        // A real picture: bright window, darker sill, not a blank frame.
        let first = frames[0].image
        let mean = first.pixels.reduce(0, +) / Float(first.pixels.count)
        XCTAssertGreaterThan(mean, 60)
        XCTAssertLessThan(mean, 220)
        XCTAssertGreaterThan(Set(first.pixels.map { Int($0) / 8 }).count, 24, "many distinct values")
    }

    func testReencodingKeepsFramesTimingSizeAndAudio() throws {
        let output = try temporaryFile("copy.mp4")
        let reader = try VideoReader(path: Self.clip)
        let count = try VideoTranscoding.run(reader, to: output, naming: output, encoding: VideoEncoding(codec: .h264))
        { $0.image }
        XCTAssertEqual(count, 36)
        let (original, originalFrames) = try frames(of: Self.clip)
        let (copy, copyFrames) = try frames(of: output)
        XCTAssertEqual(copy.width, original.width)
        XCTAssertEqual(copy.height, original.height)
        XCTAssertEqual(copyFrames.count, originalFrames.count)
        XCTAssertEqual(
            copy.frameRate.numerator * original.frameRate.denominator,
            original.frameRate.numerator * copy.frameRate.denominator)
        XCTAssertEqual(copy.audioStreams, 1)
        XCTAssertEqual(try XCTUnwrap(copy.duration), try XCTUnwrap(original.duration), accuracy: 0.5 / 30)
        for (a, b) in zip(originalFrames, copyFrames) {
            XCTAssertEqual(a.seconds, b.seconds, accuracy: 1e-4, "frame \(a.index) is shown when it was")
        }
        // CRF 18: each frame within a few levels of the original on average.
        for (a, b) in zip(originalFrames, copyFrames) {
            let difference =
                zip(a.image.pixels, b.image.pixels).reduce(Float(0)) { $0 + abs($1.0 - $1.1) }
                / Float(a.image.pixels.count)
            XCTAssertLessThan(difference, 3, "frame \(a.index)")
        }
    }

    func testFramesAreResizedAndWrittenInOtherContainersAndCodecs() throws {
        for (name, codec) in [("small.mkv", VideoCodec.h265), ("small.mov", .h264)] {
            let output = try temporaryFile(name)
            let reader = try VideoReader(path: Self.clip)
            reader.outputSize = (160, 120)
            XCTAssertEqual(
                try VideoTranscoding.run(reader, to: output, naming: output, encoding: VideoEncoding(codec: codec)) {
                    $0.image
                }, 36)
            let (info, frames) = try frames(of: output)
            XCTAssertEqual(info.width, 160, name)
            XCTAssertEqual(info.height, 120, name)
            XCTAssertEqual(info.codec, codec == .h265 ? "hevc" : "h264", name)
            XCTAssertEqual(info.audioStreams, 1, name)
            XCTAssertEqual(frames.count, 36, name)
        }
    }

    func testAudioThatAContainerCannotHoldIsRefusedBeforeAnyFrame() throws {
        let output = try temporaryFile("clip.webm")
        let reader = try VideoReader(path: Self.clip)
        XCTAssertThrowsError(
            try VideoTranscoding.run(reader, to: output, naming: output, encoding: VideoEncoding(codec: .vp9)) {
                $0.image
            }
        ) {
            XCTAssertTrue("\($0)".contains("audio (aac) cannot be copied into a .webm file"), "\($0)")
        }
        XCTAssertEqual(reader.framesRead, 0)
    }

    func testATruncatedClipIsAnError() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.clip))
        let truncated = try temporaryFile("truncated.mp4")
        try bytes.prefix(bytes.count * 6 / 10).write(to: URL(fileURLWithPath: truncated))
        XCTAssertThrowsError(try frames(of: truncated)) { error in
            XCTAssertTrue("\(error)".contains("truncated.mp4"), "\(error)")
        }
    }
}
