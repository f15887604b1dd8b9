import Imaging
import StyleTransfer
import TestSupport
import Video
import XCTest

/// The steadying step on the repository's real clip: it must cut the flicker Lai et al.'s
/// measure sees, and must not carry strokes over where the scene changed.
final class TemporalSteadyingTests: XCTestCase {
    private func stylizer() throws -> Stylizer {
        let model = try temporaryFolder("steady").appendingPathComponent("model.h5").path
        try StylizeTestSupport.writeCheckpoint(architecture: "c9s1-8,d16,d32,R32,u16,u8,c9s1-3", to: model)
        return try Stylizer(checkpoint: try Checkpoint.read(from: model), path: model)
    }

    private func clipFrames(_ count: Int) throws -> [Image] {
        let reader = try VideoReader(path: TestPaths.repositoryFile("datasets/video/desk.mp4"))
        reader.outputSize = (128, 96)
        var frames: [Image] = []
        while frames.count < count, let frame = try reader.nextFrame() { frames.append(frame.image) }
        return frames
    }

    func testSteadiedFramesFlickerLessThanPerFrameOnes() throws {
        let stylizer = try stylizer()
        let standard = TemporalSteadying(), stronger = TemporalSteadying(weight: 0.45)
        var meter = WarpingError(flow: .fast)
        for frame in try clipFrames(12) {
            let stylized = try stylizer.stylize(frame, settings: StylizeSettings()).image
            meter.add(
                input: frame,
                outputs: [
                    frame, stylized, standard.steady(input: frame, stylized: stylized),
                    stronger.steady(input: frame, stylized: stylized),
                ])
        }
        let (input, perFrame, steadied, steadier) = (meter.values[0], meter.values[1], meter.values[2], meter.values[3])
        XCTAssertEqual(meter.pairs, 11)
        XCTAssertGreaterThan(meter.visibleFraction, 0.7, "the flow holds over most of the frame")
        XCTAssertGreaterThan(perFrame, input, "the network adds flicker")
        // The default weight (0.3) measured 0.52× on the whole clip at full size; here, at 128×96, 0.60×.
        XCTAssertLessThan(steadied, 0.7 * perFrame, "input \(input), per-frame \(perFrame), steadied \(steadied)")
        XCTAssertLessThan(steadier, 0.6 * perFrame, "input \(input), per-frame \(perFrame), weight 0.45 \(steadier)")
        XCTAssertLessThan(steadier, steadied)
    }

    /// The flow found on another thread while the network runs changes nothing.
    func testTheFlowFoundMeanwhileGivesTheSameFrames() throws {
        let stylizer = try stylizer()
        let sequential = TemporalSteadying(), overlapped = TemporalSteadying()
        for frame in try clipFrames(4) {
            let stylized = try stylizer.stylize(frame, settings: StylizeSettings()).image
            XCTAssertEqual(
                sequential.steady(input: frame, stylized: stylized).pixels,
                overlapped.steady(input: frame, stylizing: { stylized }).pixels)
        }
    }

    func testNothingIsCarriedAcrossACut() throws {
        let stylizer = try stylizer()
        let steadying = TemporalSteadying()
        let before = try clipFrames(1)[0]
        let after = try Image(contentsOf: TestPaths.photograph).resized(width: 128, height: 96)
        _ = steadying.steady(input: before, stylized: try stylizer.stylize(before, settings: StylizeSettings()).image)
        let stylized = try stylizer.stylize(after, settings: StylizeSettings()).image
        let steadied = steadying.steady(input: after, stylized: stylized)
        let change =
            zip(steadied.pixels, stylized.pixels).reduce(Float(0)) { $0 + abs($1.0 - $1.1) }
            / Float(stylized.pixels.count)
        XCTAssertLessThan(change, 3, "a new scene is its own stylization")
    }
}
