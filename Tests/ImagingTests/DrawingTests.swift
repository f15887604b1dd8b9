import XCTest
@testable import Imaging

final class DrawingTests: XCTestCase {
    /// Red plane of `image` as rows of "#" (value < 128) and "." — the glyph as drawn.
    private func picture(_ image: Image) -> [String] {
        (0..<image.height).map { y in
            String((0..<image.width).map { x in image.pixels[y * image.width + x] < 128 ? "#" : "." })
        }
    }

    func testTextIsTheFontsGlyphsAtTheirPlaceAndScale() {
        var image = Image(width: 13, height: 9, fill: 255)
        image.drawText("1A", x: 1, y: 1)
        XCTAssertEqual(
            picture(image),
            [
                ".............",
                "...#....###..",
                "..##...#...#.",
                "...#...#...#.",
                "...#...#####.",
                "...#...#...#.",
                "...#...#...#.",
                "..###..#...#.",
                ".............",
            ])
        var scaled = Image(width: 12, height: 16, fill: 255)
        scaled.drawText("l", x: 0, y: 1, scale: 2)   // lower case drawn as upper case
        XCTAssertEqual(picture(scaled)[1], "##..........")
        XCTAssertEqual(picture(scaled)[14], "##########..")
        XCTAssertEqual(BitmapFont.width(of: "1A", scale: 2), 22)
        XCTAssertEqual(BitmapFont.rows(of: "é"), BitmapFont.rows(of: "?"))
    }

    func testFillAndDrawAreClippedToTheImage() {
        var image = Image(width: 4, height: 3, fill: 0)
        image.fill(x: 2, y: -1, width: 10, height: 2, color: Color(red: 10, green: 20, blue: 30))
        XCTAssertEqual(Array(image.pixels[0..<12]), [0, 0, 10, 10, 0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(image.pixels[12 + 3], 20)
        XCTAssertEqual(image.pixels[24 + 2], 30)
        var canvas = Image(width: 3, height: 3, fill: 0)
        canvas.draw(Image(width: 2, height: 2, pixels: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), x: 2, y: -1)
        XCTAssertEqual(Array(canvas.pixels[0..<9]), [0, 0, 3, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(canvas.pixels[9 + 2], 7)
    }

    func testQuantizedIsWhatAPNGHolds() throws {
        let image = Image(width: 3, height: 1, pixels: [-3, 0.49, 0.5, 254.6, 300, 7.5, 1, 2, 3])
        XCTAssertEqual(image.quantized().pixels, [0, 0, 1, 255, 255, 8, 1, 2, 3])
        XCTAssertEqual(try Image(decoding: try image.encodedPNG(), name: "q.png"), image.quantized())
    }
}
