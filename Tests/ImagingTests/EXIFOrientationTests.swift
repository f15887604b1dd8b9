import XCTest
@testable import Imaging

/// Files stored in each of the eight EXIF orientations (even values big-endian "MM", odd
/// values little-endian "II") all decode to the same upright 13x7 picture.
final class EXIFOrientationTests: XCTestCase {
    func testAllEightOrientationsDecodeUpright() throws {
        for orientation in 1...8 {
            let name = "orientation\(orientation).jpg"
            let image = try Fixture.load(name)
            XCTAssertEqual(image.width, Fixture.width, name)
            XCTAssertEqual(image.height, Fixture.height, name)
            guard image.width == Fixture.width, image.height == Fixture.height else { continue }
            let d = differences(image, Fixture.rgbPattern)
            XCTAssertLessThan(d.mean, 3, "\(name): mean error")
            XCTAssertLessThan(d.max, 24, "\(name): max error")
        }
    }

    func testParsesBothByteOrders() {
        let bigEndian: [UInt8] = [
            0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
        ]
        let littleEndian: [UInt8] = [
            0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0,
        ]
        XCTAssertEqual(EXIF.orientation(tiff: bigEndian), .rotate90Clockwise)
        XCTAssertEqual(EXIF.orientation(tiff: littleEndian), .rotate90CounterClockwise)
    }

    func testMalformedEXIFGivesNoOrientation() {
        XCTAssertNil(EXIF.orientation(tiff: []))
        XCTAssertNil(EXIF.orientation(tiff: Array("MM\0*".utf8)))
        XCTAssertNil(EXIF.orientation(tiff: [0x4D, 0x4D, 0, 42, 0xFF, 0xFF, 0xFF, 0xF0]))   // IFD past the end
        // Orientation 9 is out of range.
        XCTAssertNil(
            EXIF.orientation(tiff: [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 9, 0, 0]))
    }

    func testReorientationComposesToIdentity() {
        // Rotating clockwise then counter-clockwise, or flipping twice, restores the image.
        let image = Fixture.rgbPattern
        XCTAssertEqual(image.reoriented(.rotate90Clockwise).reoriented(.rotate90CounterClockwise), image)
        XCTAssertEqual(image.reoriented(.transpose).reoriented(.transpose), image)
        XCTAssertEqual(image.reoriented(.rotate180), image.reoriented(.flipHorizontal).reoriented(.flipVertical))
    }
}
