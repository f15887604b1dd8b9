import XCTest
@testable import Imaging

/// JPEG variants decode to the pattern they were saved from, within JPEG's loss (quality 95).
final class JPEGDecodingTests: XCTestCase {
    private func assertNearPattern(
        _ name: String, _ expected: Image = Fixture.rgbPattern, maxError: Float = 24, meanError: Float = 3,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let image = try Fixture.load(name)
        XCTAssertEqual(image.width, expected.width, name, file: file, line: line)
        XCTAssertEqual(image.height, expected.height, name, file: file, line: line)
        guard image.width == expected.width, image.height == expected.height else { return }
        let d = differences(image, expected)
        XCTAssertLessThan(d.max, maxError, "\(name): max error", file: file, line: line)
        XCTAssertLessThan(d.mean, meanError, "\(name): mean error", file: file, line: line)
    }

    func testBaseline() throws {
        try assertNearPattern("baseline.jpg")
    }

    func testBaselineWithChromaSubsampling() throws {
        // 4:2:0 halves the colour resolution, so single-pixel colour steps blur more.
        try assertNearPattern("baseline420.jpg", maxError: 40, meanError: 6)
    }

    func testProgressive() throws {
        try assertNearPattern("progressive.jpg")
    }

    func testGreyscaleBecomesThreeEqualChannels() throws {
        try assertNearPattern("grey.jpg", Fixture.greyPattern)
        let image = try Fixture.load("grey.jpg")
        let plane = image.width * image.height
        XCTAssertEqual(Array(image.pixels[0..<plane]), Array(image.pixels[plane..<(2 * plane)]))
    }

    func testAdobeCMYKIsConvertedToRGB() throws {
        try assertNearPattern("cmyk.jpg", maxError: 24, meanError: 4)
    }

    func testMalformedEXIFIsIgnored() throws {
        try assertNearPattern("bad_exif.jpg")
    }
}
