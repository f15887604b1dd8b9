import Foundation
import XCTest
@testable import Imaging

/// The fixtures written by Fixtures/make_fixtures.py, and the patterns they were made from
/// (the same formulas as in the script, so expected values come from known content).
enum Fixture {
    static let width = 13, height = 7
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func load(_ name: String, settings: ImageReadSettings = .init()) throws -> Image {
        try Image(contentsOf: path(name), settings: settings)
    }

    static let palette: [(Float, Float, Float)] = [
        (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 0, 0), (255, 255, 255),
    ]
    static let paletteAlpha: [Float] = [255, 128, 0, 64, 200, 255]

    static func rgb(_ x: Int, _ y: Int) -> (Float, Float, Float) {
        (Float(20 * x), Float(40 * y), Float(255 - 10 * (x + y)))
    }
    static func grey(_ x: Int, _ y: Int) -> Float { Float(10 * x + 20 * y) }
    static func alpha(_ x: Int, _ y: Int) -> Float { Float(21 * x) }
    /// An 8-bit value as the script stores it in 16 bits (v * 257 + 100, at most 65535), in
    /// 8-bit units: what a decoder that keeps 16-bit precision should return.
    static func wide(_ v: Float) -> Float { min(v * 257 + 100, 65535) / 257 }
    static func wide(_ c: (Float, Float, Float)) -> (Float, Float, Float) { (wide(c.0), wide(c.1), wide(c.2)) }

    /// A 13x7 image from a per-pixel colour function.
    static func image(_ colour: (Int, Int) -> (Float, Float, Float)) -> Image {
        var image = Image(width: width, height: height, fill: 0)
        let plane = width * height
        for y in 0..<height {
            for x in 0..<width {
                let (r, g, b) = colour(x, y)
                image.pixels[y * width + x] = r
                image.pixels[plane + y * width + x] = g
                image.pixels[2 * plane + y * width + x] = b
            }
        }
        return image
    }

    /// Composite on white, the documented alpha rule.
    static func onWhite(_ c: (Float, Float, Float), alpha a: Float) -> (Float, Float, Float) {
        let t = a / 255
        return (t * c.0 + (1 - t) * 255, t * c.1 + (1 - t) * 255, t * c.2 + (1 - t) * 255)
    }

    static let rgbPattern = image(rgb)
    static let greyPattern = image { x, y in (grey(x, y), grey(x, y), grey(x, y)) }
}

/// Largest and mean absolute difference between two same-sized images.
func differences(_ a: Image, _ b: Image) -> (max: Float, mean: Float) {
    precondition(a.pixels.count == b.pixels.count)
    var largest: Float = 0, total: Float = 0
    for (p, q) in zip(a.pixels, b.pixels) {
        largest = max(largest, abs(p - q))
        total += abs(p - q)
    }
    return (largest, total / Float(a.pixels.count))
}

/// Fails unless `image` has `expected`'s size and every sample is within `tolerance`.
func assertClose(
    _ image: Image, _ expected: Image, tolerance: Float, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    guard image.width == expected.width, image.height == expected.height else {
        return XCTFail(
            "\(message): size \(image.width)x\(image.height), expected \(expected.width)x\(expected.height)",
            file: file, line: line)
    }
    let d = differences(image, expected)
    XCTAssertLessThanOrEqual(
        d.max, tolerance, "\(message): max difference \(d.max), mean \(d.mean)", file: file, line: line)
}

/// Runs `body`, which must throw an `ImageError`, and returns its description for inspection.
func imageErrorDescription(file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) -> String {
    do {
        try body()
        XCTFail("expected an ImageError, got success", file: file, line: line)
    } catch let error as ImageError {
        return error.description
    } catch {
        XCTFail("expected an ImageError, got \(error)", file: file, line: line)
    }
    return ""
}
