import XCTest
@testable import Imaging

/// Luminance-only transfer keeps `self`'s chroma (YIQ I and Q) and takes Y from the source.
final class ColorPreservationTests: XCTestCase {
    /// YIQ chroma computed independently with the standard matrix rows.
    private func chroma(_ image: Image) -> (i: [Float], q: [Float]) {
        let plane = image.width * image.height
        var i = [Float](), q = [Float]()
        for p in 0..<plane {
            let r = image.pixels[p], g = image.pixels[plane + p], b = image.pixels[2 * plane + p]
            i.append(0.596 * r - 0.274 * g - 0.322 * b)
            q.append(0.211 * r - 0.523 * g + 0.312 * b)
        }
        return (i, q)
    }

    private let colourful = Fixture.image { x, y in (Float(60 + 8 * x), Float(150 - 10 * y), Float(90 + 3 * (x + y))) }
    private let texture = Fixture.image { x, y in
        let v = Float(100 + 40 * ((x + y) % 3))
        return (v, v * 0.8, v * 0.6)
    }

    func testLuminanceIsRec601Luma() {
        let image = Image(width: 1, height: 1, pixels: [100, 200, 50])
        XCTAssertEqual(image.luminance()[0], 0.299 * 100 + 0.587 * 200 + 0.114 * 50, accuracy: 1e-3)
        XCTAssertEqual(
            Image(width: 3, height: 2, fill: 42).luminance(),
            [Float](repeating: 42, count: 6).map { $0 * (0.299 + 0.587 + 0.114) })
    }

    func testKeepsChromaAndTakesLuminance() {
        let result = colourful.withLuminance(of: texture)
        for (a, b) in zip(result.luminance(), texture.luminance()) {
            XCTAssertEqual(a, b, accuracy: 1e-3)
        }
        let kept = chroma(colourful), got = chroma(result)
        for p in 0..<kept.i.count {
            // The rounded textbook coefficients make rows sum to 0 within 1e-3.
            XCTAssertEqual(got.i[p], kept.i[p], accuracy: 0.2)
            XCTAssertEqual(got.q[p], kept.q[p], accuracy: 0.2)
        }
        // And it really changed something.
        XCTAssertGreaterThan(differences(result, colourful).max, 10)
    }

    func testOwnLuminanceIsIdentity() {
        assertClose(colourful.withLuminance(of: colourful), colourful, tolerance: 1e-3)
    }

    func testGreySourceOnGreyImageGivesTheSource() {
        assertClose(
            Fixture.greyPattern.withLuminance(of: Image(width: Fixture.width, height: Fixture.height, fill: 30)),
            Image(width: Fixture.width, height: Fixture.height, fill: 30), tolerance: 1e-3)
    }
}
