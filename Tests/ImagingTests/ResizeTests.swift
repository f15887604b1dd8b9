import XCTest
@testable import Imaging

final class ResizeTests: XCTestCase {
    /// 0/255 single-pixel checkerboard: the hardest case for aliasing.
    private func checkerboard(width: Int, height: Int) -> Image {
        var image = Image(width: width, height: height, fill: 0)
        for c in 0..<3 {
            for y in 0..<height {
                for x in 0..<width where (x + y) % 2 == 1 {
                    image.pixels[c * width * height + y * width + x] = 255
                }
            }
        }
        return image
    }

    func testMatchesPillowLanczos() throws {
        // Reference: Pillow's LANCZOS on a float image (see make_fixtures.py), same on R, G, B.
        let detail = Fixture.image { x, y in
            let v = Float((7 * x * x + 31 * y) % 256)
            return (v, v, v)
        }
        for (width, height) in [(5, 3), (29, 17), (13, 2)] {
            let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("lanczos_\(width)x\(height).f32")))
            let plane = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            let expected = Image(width: width, height: height, pixels: plane + plane + plane)
            assertClose(detail.resized(width: width, height: height), expected, tolerance: 0.01, "\(width)x\(height)")
        }
    }

    func testConstantImageStaysConstant() {
        let image = Image(width: 100, height: 60, fill: 77)
        for (width, height) in [(37, 23), (250, 130), (1, 1), (100, 1), (3, 60)] {
            let resized = image.resized(width: width, height: height)
            XCTAssertEqual(resized.width, width)
            XCTAssertEqual(resized.height, height)
            XCTAssertEqual(resized.pixels.map { abs($0 - 77) }.max()!, 0, accuracy: 1e-3, "\(width)x\(height)")
        }
    }

    func testShrinkingIsAntialiased() {
        // Point sampling would give pure black or white; a filter stretched by the shrink
        // factor averages the checkerboard to mid grey everywhere, borders included.
        for factor in [2, 3, 4] {
            let resized = checkerboard(width: 96, height: 72).resized(width: 96 / factor, height: 72 / factor)
            let mean = resized.pixels.reduce(0, +) / Float(resized.pixels.count)
            XCTAssertEqual(mean, 127.5, accuracy: 1, "factor \(factor)")
            XCTAssertLessThan(resized.pixels.map { abs($0 - 127.5) }.max()!, 12, "factor \(factor)")
        }
    }

    func testSinglePixelSources() {
        let pixel = Image(width: 1, height: 1, pixels: [10, 20, 30])
        let enlarged = pixel.resized(width: 5, height: 4)
        XCTAssertEqual(
            enlarged,
            Image(
                width: 5, height: 4,
                pixels: [Float](repeating: 10, count: 20) + [Float](repeating: 20, count: 20)
                    + [Float](repeating: 30, count: 20)))
        let column = Image(width: 1, height: 9, fill: 200).resized(width: 4, height: 2)
        XCTAssertEqual(column.pixels.map { abs($0 - 200) }.max()!, 0, accuracy: 1e-3)
    }

    func testShrinkingToOnePixelGivesTheMean() {
        // A ramp symmetric about its centre averages to its midpoint.
        let ramp = Fixture.image { x, _ in (Float(x * 10), 50, 50) }
        let pixel = ramp.resized(width: 1, height: 1)
        XCTAssertEqual(pixel.pixels[0], 60, accuracy: 0.5)
    }

    func testSameSizeIsIdentity() {
        XCTAssertEqual(Fixture.rgbPattern.resized(width: Fixture.width, height: Fixture.height), Fixture.rgbPattern)
    }

    func testLongSideKeepsAspectRatio() {
        func size(_ w: Int, _ h: Int, _ long: Int) -> [Int] {
            let resized = Image(width: w, height: h, fill: 1).resized(longSide: long)
            return [resized.width, resized.height]
        }
        XCTAssertEqual(size(400, 300, 100), [100, 75])
        XCTAssertEqual(size(300, 400, 100), [75, 100])
        XCTAssertEqual(size(768, 512, 256), [256, 171])   // 170.67 rounds up
        XCTAssertEqual(size(500, 500, 64), [64, 64])
        XCTAssertEqual(size(1000, 3, 10), [10, 1])   // never below one pixel
        XCTAssertEqual(size(2, 1000, 10), [1, 10])
        XCTAssertEqual(size(13, 7, 26), [26, 14])   // enlarging
    }
}
