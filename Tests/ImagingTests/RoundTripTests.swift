import XCTest
@testable import Imaging

/// Encoding then decoding: exact for PNG, close for JPEG; writing clamps and rounds.
final class RoundTripTests: XCTestCase {
    /// A smooth 64x48 picture with some detail, more like a photo than the 13x7 ramps.
    private let photoLike: Image = {
        var image = Image(width: 64, height: 48, fill: 0)
        let plane = 64 * 48
        for y in 0..<48 {
            for x in 0..<64 {
                let i = y * 64 + x
                image.pixels[i] = Float(128 + 100 * sin(Double(x) / 7))
                image.pixels[plane + i] = Float(4 * y + 20)
                image.pixels[2 * plane + i] = Float(128 + 80 * cos(Double(x + y) / 9))
            }
        }
        return image
    }()

    func testPNGIsExact() throws {
        let image = photoLike.clamped()
        let rounded = Image(width: image.width, height: image.height, pixels: image.pixels.map { $0.rounded() })
        XCTAssertEqual(try Image(decoding: try rounded.encodedPNG(), name: "memory"), rounded)
    }

    func testIncompressibleAndTinyPNGsAreExact() throws {
        // Noise does not deflate: the one-pass writer's buffer bound (stored blocks) is what
        // holds it; also a single pixel and a single row.
        var generator = SystemRandomNumberGenerator()
        for (width, height) in [(317, 211), (1, 1), (1000, 1)] {
            let noise = Image(
                width: width, height: height,
                pixels: (0..<(3 * width * height)).map { _ in Float(UInt8.random(in: 0...255, using: &generator)) })
            let encoded = try noise.encodedPNG()
            XCTAssertGreaterThan(encoded.count, 3 * width * height, "noise should not compress")
            XCTAssertEqual(try Image(decoding: encoded, name: "memory"), noise, "\(width)×\(height)")
        }
    }

    func testJPEGQuality95IsClose() throws {
        let decoded = try Image(decoding: try photoLike.encodedJPEG(quality: 95), name: "memory")
        let d = differences(decoded, photoLike)
        XCTAssertLessThan(d.mean, 2, "mean abs error")
        XCTAssertLessThan(d.max, 30, "max abs error")
    }

    func testLowerJPEGQualityIsSmallerAndCoarser() throws {
        let high = try photoLike.encodedJPEG(quality: 95), low = try photoLike.encodedJPEG(quality: 50)
        XCTAssertLessThan(low.count, high.count)
        let decoded = try Image(decoding: low, name: "memory")
        XCTAssertLessThan(differences(decoded, photoLike).mean, 8)
    }

    func testWritingClampsAndRounds() throws {
        let image = Image(width: 3, height: 1, pixels: [-20, 0.4, 300, 127.5, 128.49, 254.6, 1, 2, 3])
        let decoded = try Image(decoding: try image.encodedPNG(), name: "memory")
        XCTAssertEqual(decoded.pixels, [0, 0, 255, 128, 128, 255, 1, 2, 3])
    }

    func testWriteChoosesFormatByExtension() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("faststyle-imaging-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = Fixture.rgbPattern
        for (name, magic) in [
            ("a.png", [UInt8]([0x89, 0x50])), ("b.PNG", [0x89, 0x50]), ("c.jpg", [0xFF, 0xD8]),
            ("d.JPEG", [0xFF, 0xD8]),
        ] {
            let path = directory.appendingPathComponent(name).path
            try image.write(to: path)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            XCTAssertEqual(Array(bytes.prefix(2)), magic, name)
            let decoded = try Image(contentsOf: path)
            XCTAssertLessThan(differences(decoded, image).mean, 3, name)
        }
    }
}
