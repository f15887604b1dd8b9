import Foundation
import Imaging
import NN
@testable import StyleTransfer
import TestSupport
import XCTest

final class StylizerTests: XCTestCase {
    private var directory: URL!
    private var modelPath: String { directory.appendingPathComponent("model.h5").path }

    override func setUpWithError() throws {
        directory = try temporaryFolder("stylizer")
        // Johnson's geometry (two downsamplings, 9×9 ends), narrower: fast in debug builds.
        try StylizeTestSupport.writeCheckpoint(architecture: "c9s1-8,d16,d32,R32,R32,u16,u8,c9s1-3", to: modelPath)
    }

    func testGeometryOfJohnsonsNetwork() throws {
        let geometry = NetworkGeometry(TransformerSettings())
        XCTAssertEqual(geometry.multiple, 4)
        XCTAssertEqual(geometry.minimumSide, 8)
        XCTAssertEqual([1, 8, 9, 13, 16].map(geometry.paddedSide), [8, 8, 12, 16, 16])
    }

    /// One rule decides untiled, tiled and batched: whole when the padded image is within the
    /// limit, batched when a whole batch of it is, tiled otherwise or when a tile size is forced;
    /// sides whose product overflows are tiled, not a trap.
    func testTheStylizePlan() throws {
        let geometry = NetworkGeometry(TransformerSettings())
        var settings = StylizeSettings()
        settings.maxUntiledPixels = 10_000
        settings.batchSize = 4
        // 52² = 2,704; ×4 > 10,000
        let small = StylizePlan(width: 50, height: 50, geometry: geometry, settings: settings)
        XCTAssertEqual([small.untiled, small.batchable, small.passPixels == 52 * 52], [true, false, true])
        let tiny = StylizePlan(width: 40, height: 40, geometry: geometry, settings: settings)
        XCTAssertEqual([tiny.untiled, tiny.batchable], [true, true])
        XCTAssertEqual(tiny.batch, 4)
        let large = StylizePlan(width: 200, height: 200, geometry: geometry, settings: settings)
        XCTAssertEqual([large.untiled, large.batchable], [false, false])
        XCTAssertGreaterThanOrEqual(large.passPixels, 10_000)
        let huge = StylizePlan(width: Int.max / 2, height: Int.max / 2, geometry: geometry, settings: settings)
        XCTAssertFalse(huge.untiled)
        settings.tileSize = 64
        XCTAssertFalse(StylizePlan(width: 40, height: 40, geometry: geometry, settings: settings).untiled)
    }

    /// Any size in, the same size out: odd sizes, 1-pixel strips, a single pixel.
    func testEverySizeComesOutAtItsOwnSize() throws {
        let stylizer = try Stylizer(checkpoint: try Checkpoint.read(from: modelPath), path: modelPath)
        for (width, height) in [(1, 1), (1, 37), (37, 1), (5, 3), (13, 9), (30, 22)] {
            let input = StylizeTestSupport.picture(width: width, height: height)
            let result = try stylizer.stylize(input, settings: StylizeSettings())
            XCTAssertEqual([result.image.width, result.image.height], [width, height])
            XCTAssertTrue(result.image.pixels.allSatisfy { $0 >= 0 && $0 <= 255 })
            XCTAssertEqual(result.tileCount, 1)
        }
    }

    func testStrengthZeroReturnsTheInputAndOneTheNetworksOutput() throws {
        let stylizer = try Stylizer(checkpoint: try Checkpoint.read(from: modelPath), path: modelPath)
        let input = StylizeTestSupport.picture(width: 20, height: 12)
        var settings = StylizeSettings()
        settings.strength = 0
        XCTAssertEqual(try stylizer.stylize(input, settings: settings).image, input)
        settings.strength = 1
        let full = try stylizer.stylize(input, settings: settings).image
        XCTAssertEqual(full, try stylizer.forward([input]).images[0].clamped())
        settings.strength = 0.25
        let quarter = try stylizer.stylize(input, settings: settings).image
        XCTAssertEqual(quarter.pixels[7], input.pixels[7] + 0.25 * (full.pixels[7] - input.pixels[7]), accuracy: 1e-3)
    }

    func testPreservedColoursKeepTheInputsChroma() throws {
        let stylizer = try Stylizer(checkpoint: try Checkpoint.read(from: modelPath), path: modelPath)
        let input = StylizeTestSupport.picture(width: 24, height: 16)
        var settings = StylizeSettings()
        settings.preservesColors = true
        let result = try stylizer.stylize(input, settings: settings).image
        let stylized = try stylizer.stylize(input, settings: StylizeSettings()).image
        // Luminance from the network, colour differences (R − G) from the input, where unclamped.
        let plane = 24 * 16
        var compared = 0
        for i in 0..<plane
        where (0..<3).allSatisfy({ result.pixels[$0 * plane + i] > 0.5 && result.pixels[$0 * plane + i] < 254.5 }) {
            XCTAssertEqual(result.luminance()[i], stylized.luminance()[i], accuracy: 0.01)
            XCTAssertEqual(
                result.pixels[i] - result.pixels[plane + i], input.pixels[i] - input.pixels[plane + i], accuracy: 0.01)
            compared += 1
        }
        XCTAssertGreaterThan(compared, plane / 4)
    }

    /// Tiles normalized with the whole image's statistics reproduce the whole-image pass, with
    /// the default network, whose receptive field (±54 pixels) is wider than the tiles' margins.
    func testTilesAgreeWithTheWholeImage() throws {
        try StylizeTestSupport.writeCheckpoint(to: modelPath)
        let stylizer = try Stylizer(checkpoint: try Checkpoint.read(from: modelPath), path: modelPath)
        let input = StylizeTestSupport.picture(width: 210, height: 150)
        let whole = try stylizer.forward([input]).images[0].clamped()
        let statistics = try stylizer.statistics(ofSample: input).statistics
        var settings = StylizeSettings()
        settings.tileSize = 96
        let tiled = try TiledStylizer(stylizer: stylizer, settings: settings).stylize(input, statistics: statistics)
        XCTAssertGreaterThanOrEqual(tiled.tiles, 4)
        let difference = zip(whole.pixels, tiled.image.clamped().pixels).map { abs($0 - $1) }
        let spread = (whole.pixels.max() ?? 0) - (whole.pixels.min() ?? 0)
        XCTAssertGreaterThan(spread, 50, "the test network's output should vary")
        XCTAssertLessThanOrEqual(difference.max() ?? 0, 2, "largest difference in levels of 255")

        // Without frozen statistics each tile would be normalized on its own: far worse.
        stylizer.freezeStatistics(nil)
        let layout = TileLayout(width: 210, height: 150, core: 96, margin: 32, overlap: 96, alignment: 4)
        let tile = layout.tiles[0]
        let own = try stylizer.forward([
            input.mirroredRegion(x: tile.x, y: tile.y, width: tile.width, height: tile.height)
        ]).images[0].clamped()
        let ownCore = own.cropped(x: 32, y: 32, width: 40, height: 40),
            wholeCore = whole.cropped(x: 0, y: 0, width: 40, height: 40)
        XCTAssertGreaterThan(zip(ownCore.pixels, wholeCore.pixels).map { abs($0 - $1) }.max() ?? 0, 10)
    }

    /// The automatic path: above the untiled limit the image is tiled, statistics from a
    /// downscaled copy, and the result stays close to the untiled one.
    func testLargeImagesAreTiledAutomatically() throws {
        let stylizer = try Stylizer(checkpoint: try Checkpoint.read(from: modelPath), path: modelPath)
        let input = StylizeTestSupport.picture(width: 120, height: 80)
        var settings = StylizeSettings()
        settings.maxUntiledPixels = 64 * 64
        let tiled = try stylizer.stylize(input, settings: settings)
        XCTAssertGreaterThan(tiled.tileCount, 1)
        XCTAssertEqual([tiled.image.width, tiled.image.height], [120, 80])
        let whole = try stylizer.stylize(input, settings: StylizeSettings())
        let meanDifference =
            zip(whole.image.pixels, tiled.image.pixels).map { abs($0 - $1) }.reduce(0, +) / Float(input.pixels.count)
        // Statistics of a copy at 0.65× differ from the whole image's; the random network is more
        // sensitive to that than a trained one (4.2 levels for a trained one at 1000×750).
        XCTAssertLessThan(meanDifference, 12, "mean difference in levels of 255")
    }

    func testBatchesGiveTheSameImagesAsSinglePasses() throws {
        let stylizer = try Stylizer(checkpoint: try Checkpoint.read(from: modelPath), path: modelPath)
        let images = [
            StylizeTestSupport.picture(width: 17, height: 11),
            StylizeTestSupport.picture(width: 17, height: 11).flippedHorizontally(),
        ]
        let batch = try stylizer.stylize(batch: images, settings: StylizeSettings())
        for (image, result) in zip(images, batch) {
            let single = try stylizer.stylize(image, settings: StylizeSettings()).image
            XCTAssertLessThanOrEqual(zip(single.pixels, result.image.pixels).map { abs($0 - $1) }.max() ?? 0, 0.01)
        }
    }

    func testBadModelFilesAreClearErrors() throws {
        let text = directory.appendingPathComponent("notes.h5").path
        XCTAssertTrue(FileManager.default.createFile(atPath: text, contents: Data("not HDF5".utf8)))
        for path in [text, directory.appendingPathComponent("missing.h5").path] {
            XCTAssertThrowsError(try Stylizer(checkpoint: try Checkpoint.read(from: path), path: path)) { error in
                XCTAssertTrue("\(error)".contains(path), "\(error)")
            }
        }
    }

    func testImpossibleSettingsAreRefused() {
        for change in [
            { (s: inout StylizeSettings) in s.strength = 1.5 }, { $0.longSide = 0 }, { $0.longSide = 100_000 },
            { $0.tileSize = 8 },
        ] {
            var settings = StylizeSettings()
            change(&settings)
            XCTAssertThrowsError(try settings.validate())
        }
    }
}
