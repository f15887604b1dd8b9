import Imaging
import StyleTransfer
import Visualization
import TestSupport
import XCTest

final class DeepDreamTests: XCTestCase {
    private func photograph(longSide: Int = 96) throws -> Image {
        try Image(contentsOf: TestPaths.photograph).resized(longSide: longSide)
    }

    /// A step along the gradient of ½‖a‖² raises ½‖a‖² of the layer on a real photograph, with
    /// and without jitter, and leaves the pixels within [0, 255].
    func testAStepIncreasesTheLayersSquaredActivation() throws {
        let image = try photograph()
        for layer in ["relu3_3", DreamSettings().layer] {
            var settings = DreamSettings()
            settings.layer = layer
            let dream = try DeepDream(weightsPath: try TestPaths.vggWeights(), settings: settings)
            let before = try dream.objective(image)
            for shift in [(x: 0, y: 0), (x: 7, y: -5)] {
                let (stepped, reported) = try dream.step(image, size: 1.5, shift: shift)
                XCTAssertEqual(
                    reported, try dream.objective(image.rolled(x: shift.x, y: shift.y)), accuracy: before * 1e-4,
                    "\(layer): the objective reported is the shifted image's")
                let after = try dream.objective(stepped)
                XCTAssertGreaterThan(
                    after, before * 1.01, "\(layer), shift \(shift): ½‖a‖² \(before) → \(after)")
                XCTAssertTrue(stepped.pixels.allSatisfy { $0 >= 0 && $0 <= 255 })
                XCTAssertEqual(stepped.width, image.width)
            }
        }
    }

    /// The jitter is undone: a step on a shifted image, shifted back, changes the image where
    /// the unshifted step does, in the same direction on average (the network is translation-
    /// equivariant away from the borders).
    func testTheJitterIsRolledBack() throws {
        let image = try photograph()
        var settings = DreamSettings()
        settings.layer = "relu2_2"
        let dream = try DeepDream(weightsPath: try TestPaths.vggWeights(), settings: settings)
        let plain = try dream.step(image, size: 2).image
        let jittered = try dream.step(image, size: 2, shift: (x: 4, y: 4)).image
        var agree = 0.0, total = 0.0
        for i in image.pixels.indices {
            let a = plain.pixels[i] - image.pixels[i], b = jittered.pixels[i] - image.pixels[i]
            agree += Double(a * b)
            total += Double(abs(a * b))
        }
        XCTAssertGreaterThan(agree / total, 0.8, "the shifted step, shifted back, moves the same pixels the same way")
    }

    func testOctaveSizesGrowToTheImageAndRefuseTooMany() throws {
        var settings = DreamSettings()
        settings.octaves = 3
        settings.octaveScale = 2
        let sizes = try settings.octaveSizes(width: 400, height: 300)
        XCTAssertEqual(sizes.map(\.width), [100, 200, 400])
        XCTAssertEqual(sizes.map(\.height), [75, 150, 300])
        // relu4_2 (after 3 poolings) needs 16 pixels for a 2×2 map: 300 / 2⁴ ≈ 19 is the last that fits.
        settings.octaves = 6
        XCTAssertThrowsError(try settings.octaveSizes(width: 400, height: 300)) { error in
            XCTAssertEqual((error as? InvalidSetting)?.setting, .octaves)
            XCTAssertTrue("\(error)".contains("at most 5 fit"), "\(error)")
        }
        settings.octaves = 1
        XCTAssertThrowsError(try settings.octaveSizes(width: 12, height: 300)) { error in
            XCTAssertEqual((error as? InvalidSetting)?.setting, .longSide)
        }
        settings.octaveScale = 1
        XCTAssertThrowsError(try settings.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .octaveScale) }
        settings.octaveScale = 1.4
        settings.step = 0
        XCTAssertThrowsError(try settings.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .step) }
    }

    /// A run over two octaves returns an image of the input's size, reports every step of
    /// every octave, is the same for the same seed and differs for another.
    func testARunIsSeededAndReportsEveryStep() throws {
        let image = try photograph(longSide: 80)
        var settings = DreamSettings()
        settings.layer = "relu3_1"
        settings.octaves = 2
        settings.iterations = 3
        settings.jitter = 8
        let dream = try DeepDream(weightsPath: try TestPaths.vggWeights(), settings: settings)
        var reports: [DreamProgress] = []
        let first = try dream.run(image, settings: settings) {
            reports.append($0); return true
        }
        XCTAssertEqual(reports.map(\.octave), [1, 1, 1, 2, 2, 2])
        XCTAssertEqual(reports.last.map { [$0.width, $0.height] }, [image.width, image.height])
        XCTAssertLessThan(reports[0].width, image.width)
        XCTAssertEqual(first.width, image.width)
        XCTAssertEqual(try dream.run(image, settings: settings), first)
        settings.seed = 1
        XCTAssertNotEqual(try dream.run(image, settings: settings), first)
        XCTAssertGreaterThan(try dream.objective(first), try dream.objective(image) * 1.5)
    }
}
