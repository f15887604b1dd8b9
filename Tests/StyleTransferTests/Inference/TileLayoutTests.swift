import StyleTransfer
import XCTest

final class TileLayoutTests: XCTestCase {
    /// Every pixel is covered with a positive weight, tiles stay inside the image and sit on the
    /// network's grid, and weights fade (no jump from 1 to 0) between tiles.
    func testTilesCoverTheImageOnTheGrid() {
        for (width, height, core) in [(1000, 700, 480), (481, 97, 480), (97, 96, 96), (5, 3000, 128), (130, 130, 64)] {
            let layout = TileLayout(width: width, height: height, core: core, margin: 32, overlap: 96, alignment: 4)
            var coverage = [Float](repeating: 0, count: width * height)
            for tile in layout.tiles {
                XCTAssertLessThanOrEqual(tile.width, core + 64)
                XCTAssertTrue(
                    tile.x >= 0 && tile.y >= 0 && tile.x + tile.width <= width && tile.y + tile.height <= height)
                XCTAssertEqual(tile.x % 4, 0)
                XCTAssertEqual(tile.y % 4, 0)
                if tile.x > 0 { XCTAssertEqual(tile.columnWeights.prefix(32), ArraySlice(repeating: 0, count: 32)) }
                for (j, rowWeight) in tile.rowWeights.enumerated() where (0..<height).contains(tile.y + j) {
                    for (i, columnWeight) in tile.columnWeights.enumerated() where (0..<width).contains(tile.x + i) {
                        coverage[(tile.y + j) * width + tile.x + i] += rowWeight * columnWeight
                    }
                }
                let ramp = tile.columnWeights.drop { $0 == 0 }.reversed().drop { $0 == 0 }
                let steps = zip(ramp.dropFirst(), ramp).map { abs($0 - $1) }
                XCTAssertLessThanOrEqual(steps.max() ?? 0, 0.05, "\(width)x\(height) core \(core)")
            }
            XCTAssertGreaterThan(coverage.min() ?? 0, 0.2, "\(width)x\(height) core \(core)")
        }
    }

    func testOneTileWhenTheImageFits() {
        let layout = TileLayout(width: 300, height: 200, core: 480, margin: 32, overlap: 96, alignment: 4)
        XCTAssertEqual(layout.tiles.count, 1)
        XCTAssertEqual(
            [layout.tiles[0].x, layout.tiles[0].y, layout.tiles[0].width, layout.tiles[0].height], [0, 0, 300, 200])
    }
}
