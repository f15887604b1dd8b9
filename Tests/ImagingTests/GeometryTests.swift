import XCTest
@testable import Imaging

final class GeometryTests: XCTestCase {
    func testCropIsExact() {
        let crop = Fixture.rgbPattern.cropped(x: 3, y: 2, width: 4, height: 5)
        var expected = Image(width: 4, height: 5, fill: 0)
        for y in 0..<5 {
            for x in 0..<4 {
                let (r, g, b) = Fixture.rgb(x + 3, y + 2)
                expected.pixels[y * 4 + x] = r
                expected.pixels[20 + y * 4 + x] = g
                expected.pixels[40 + y * 4 + x] = b
            }
        }
        XCTAssertEqual(crop, expected)
        XCTAssertEqual(Fixture.rgbPattern.cropped(x: 0, y: 0, width: Fixture.width, height: Fixture.height), Fixture.rgbPattern)
        XCTAssertEqual(Fixture.rgbPattern.cropped(x: 12, y: 6, width: 1, height: 1).pixels, [240, 240, 75])
    }

    func testFlipIsExact() {
        let flipped = Fixture.rgbPattern.flippedHorizontally()
        XCTAssertEqual(flipped, Fixture.image { x, y in Fixture.rgb(Fixture.width - 1 - x, y) })
        XCTAssertEqual(flipped.flippedHorizontally(), Fixture.rgbPattern)
    }

    func testClamped() {
        let image = Image(width: 2, height: 1, pixels: [-5, 0, 100.5, 255, 256, .infinity])
        XCTAssertEqual(image.clamped().pixels, [0, 0, 100.5, 255, 255, 255])
    }

    func testFillAndLayout() {
        let image = Image(width: 2, height: 3, fill: 9)
        XCTAssertEqual(image.pixels.count, 18)
        // Planar: the red plane comes first, row by row.
        let pattern = Fixture.rgbPattern
        XCTAssertEqual(pattern.pixels[1 * Fixture.width + 2], 40)                        // R at (2, 1)
        XCTAssertEqual(pattern.pixels[Fixture.width * Fixture.height + 1 * Fixture.width + 2], 40)  // G at (2, 1)
    }
}
