import XCTest
@testable import Imaging

final class MirroredRegionTests: XCTestCase {
    func testIndicesMirrorWithoutRepeatingTheEdge() {
        XCTAssertEqual((-4..<9).map { Image.mirrored($0, size: 4) }, [2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2])
        XCTAssertEqual((-2..<3).map { Image.mirrored($0, size: 1) }, [0, 0, 0, 0, 0])
    }

    func testInsideRegionsAreCrops() throws {
        let image = try Fixture.load("rgb8.png")
        XCTAssertEqual(
            image.mirroredRegion(x: 2, y: 1, width: 5, height: 4), image.cropped(x: 2, y: 1, width: 5, height: 4))
    }

    func testRegionsBeyondTheEdgeMirrorTheImage() throws {
        let image = try Fixture.load("rgb8.png")
        let region = image.mirroredRegion(x: -3, y: -2, width: image.width + 6, height: image.height + 4)
        let flipped = region.cropped(x: 0, y: 2, width: 3, height: image.height)
        XCTAssertEqual(flipped.flippedHorizontally(), image.cropped(x: 1, y: 0, width: 3, height: image.height))
        let strip = Image(width: 1, height: 2, pixels: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(
            strip.mirroredRegion(x: -1, y: 0, width: 3, height: 2).pixels,
            [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6])
    }

    func testStrengthZeroIsTheImageItself() throws {
        let image = try Fixture.load("rgb8.png")
        let other = image.flippedHorizontally()
        XCTAssertEqual(image.blended(toward: other, strength: 0), image)
        XCTAssertEqual(image.blended(toward: other, strength: 1), other)
        XCTAssertEqual(
            image.blended(toward: other, strength: 0.5).pixels[0], (image.pixels[0] + other.pixels[0]) / 2,
            accuracy: 1e-4)
    }

    func testFeatheredCanvasAveragesOverlapsByWeight() {
        var canvas = FeatheredCanvas(width: 4, height: 1)
        canvas.add(Image(width: 3, height: 1, fill: 10), x: -1, y: 0, columnWeights: [5, 1, 1], rowWeights: [1])
        canvas.add(Image(width: 3, height: 1, fill: 40), x: 1, y: 0, columnWeights: [1, 2, 2], rowWeights: [1])
        XCTAssertEqual(Array(canvas.image().pixels.prefix(4)), [10, 25, 40, 40])
    }
}
