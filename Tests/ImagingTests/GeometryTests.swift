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
        XCTAssertEqual(
            Fixture.rgbPattern.cropped(x: 0, y: 0, width: Fixture.width, height: Fixture.height), Fixture.rgbPattern)
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
        XCTAssertEqual(pattern.pixels[1 * Fixture.width + 2], 40)   // R at (2, 1)
        XCTAssertEqual(pattern.pixels[Fixture.width * Fixture.height + 1 * Fixture.width + 2], 40)   // G at (2, 1)
    }
}

final class RollEnlargeBlurTests: XCTestCase {
    private func ramp(width: Int, height: Int) -> Image {
        Image(width: width, height: height, pixels: (0..<(3 * width * height)).map { Float($0 % 251) })
    }

    func testRollIsCyclicAndUndoneByTheOppositeShift() {
        let image = ramp(width: 5, height: 4)
        let rolled = image.rolled(x: 2, y: -1)
        let plane = 20
        for c in 0..<3 {
            for y in 0..<4 {
                for x in 0..<5 {
                    XCTAssertEqual(
                        rolled.pixels[c * plane + ((y + 3) % 4) * 5 + (x + 2) % 5], image.pixels[c * plane + y * 5 + x])
                }
            }
        }
        XCTAssertEqual(rolled.rolled(x: -2, y: 1), image)
        XCTAssertEqual(image.rolled(x: 10, y: 8), image)
    }

    func testEnlargeRepeatsEachPixel() {
        let image = ramp(width: 3, height: 2)
        let large = image.enlarged(by: 4)
        XCTAssertEqual([large.width, large.height], [12, 8])
        for c in 0..<3 {
            for y in 0..<8 {
                for x in 0..<12 {
                    XCTAssertEqual(large.pixels[c * 96 + y * 12 + x], image.pixels[c * 6 + (y / 4) * 3 + x / 4])
                }
            }
        }
    }

    /// The blur equals a direct 2-D convolution with the normalized Gaussian (mirrored borders),
    /// keeps a flat image flat, and σ = 0 changes nothing.
    func testBlurIsTheGaussianConvolution() {
        let image = ramp(width: 9, height: 7)
        let sigma = 1.2
        let blurred = image.blurred(sigma: sigma)
        let radius = Int((3 * sigma).rounded(.up))
        func mirror(_ i: Int, _ n: Int) -> Int {
            var i = i; while i < 0 || i >= n { i = i < 0 ? -i : 2 * (n - 1) - i }; return i
        }
        let weights = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = weights.reduce(0, +)
        for c in 0..<3 {
            for y in 0..<7 {
                for x in 0..<9 {
                    var sum = 0.0
                    for (i, wy) in weights.enumerated() {
                        for (j, wx) in weights.enumerated() {
                            sum +=
                                wy * wx / (total * total)
                                * Double(
                                    image.pixels[c * 63 + mirror(y + i - radius, 7) * 9 + mirror(x + j - radius, 9)])
                        }
                    }
                    XCTAssertEqual(Double(blurred.pixels[c * 63 + y * 9 + x]), sum, accuracy: 1e-3)
                }
            }
        }
        let flat = Image(width: 6, height: 5, fill: 77)
        XCTAssertTrue(flat.blurred(sigma: 2).pixels.allSatisfy { abs($0 - 77) < 1e-4 })
        XCTAssertEqual(image.blurred(sigma: 0), image)
    }
}
