import XCTest
@testable import Imaging

/// Every PNG variant decodes to the pattern it was written from (PNG is lossless; 16-bit
/// samples v * 257 + 100 must come back as v + 100/257, which catches a linear-light misreading).
final class PNGDecodingTests: XCTestCase {
    private let rgb = Fixture.rgbPattern
    private let grey = Fixture.greyPattern
    private let rgbaOnWhite = Fixture.image { x, y in Fixture.onWhite(Fixture.rgb(x, y), alpha: Fixture.alpha(x, y)) }
    private let greyAlphaOnWhite = Fixture.image { x, y in
        let g = Fixture.grey(x, y)
        return Fixture.onWhite((g, g, g), alpha: Fixture.alpha(x, y))
    }
    private let rgbWide = Fixture.image { x, y in Fixture.wide(Fixture.rgb(x, y)) }
    private let greyWide = Fixture.image { x, y in
        let g = Fixture.wide(Fixture.grey(x, y))
        return (g, g, g)
    }
    private let rgbaWideOnWhite = Fixture.image { x, y in
        Fixture.onWhite(Fixture.wide(Fixture.rgb(x, y)), alpha: Fixture.wide(Fixture.alpha(x, y)))
    }
    private let greyAlphaWideOnWhite = Fixture.image { x, y in
        let g = Fixture.wide(Fixture.grey(x, y))
        return Fixture.onWhite((g, g, g), alpha: Fixture.wide(Fixture.alpha(x, y)))
    }
    private let palette = Fixture.image { x, y in Fixture.palette[(x + 2 * y) % 6] }
    private let paletteOnWhite = Fixture.image { x, y in
        let i = (x + 2 * y) % 6
        return Fixture.onWhite(Fixture.palette[i], alpha: Fixture.paletteAlpha[i])
    }

    func testRGB8IsExact() throws {
        XCTAssertEqual(try Fixture.load("rgb8.png"), rgb)
    }

    func testRGB16() throws {
        // Precision beyond 8 bits is kept (the + 100 / 257 fractions survive), except in the
        // darkest levels, which libpng's 16-bit linear intermediate quantizes coarsely.
        assertClose(try Fixture.load("rgb16.png"), rgbWide, tolerance: 0.5, "rgb16")
    }

    func testGrey8IsExact() throws {
        XCTAssertEqual(try Fixture.load("grey8.png"), grey)
    }

    func testGrey16() throws {
        assertClose(try Fixture.load("grey16.png"), greyWide, tolerance: 0.5, "grey16")
    }

    func testGrey1Bit() throws {
        let expected = Fixture.image { x, y in (x + y) % 2 == 1 ? (255, 255, 255) : (0, 0, 0) }
        XCTAssertEqual(try Fixture.load("grey1.png"), expected)
    }

    func testGreyAlphaIsCompositedOnWhite() throws {
        assertClose(try Fixture.load("grey_alpha8.png"), greyAlphaOnWhite, tolerance: 0.01, "grey_alpha8")
        assertClose(try Fixture.load("grey_alpha16.png"), greyAlphaWideOnWhite, tolerance: 0.5, "grey_alpha16")
    }

    func testRGBAIsCompositedOnWhite() throws {
        assertClose(try Fixture.load("rgba8.png"), rgbaOnWhite, tolerance: 0.01, "rgba8")
        assertClose(try Fixture.load("rgba16.png"), rgbaWideOnWhite, tolerance: 0.5, "rgba16")
        // Fully transparent column x = 0 is pure white.
        let image = try Fixture.load("rgba8.png")
        XCTAssertEqual(image.pixels[0], 255)
        XCTAssertEqual(image.pixels[2 * image.width * image.height], 255)
    }

    func testPalette() throws {
        XCTAssertEqual(try Fixture.load("palette8.png"), palette)
    }

    func testPaletteWithTransparency() throws {
        assertClose(try Fixture.load("palette8_trns.png"), paletteOnWhite, tolerance: 0.01, "palette8_trns")
        assertClose(try Fixture.load("palette4_trns.png"), paletteOnWhite, tolerance: 0.01, "palette4_trns")
    }

    func testInterlaced() throws {
        XCTAssertEqual(try Fixture.load("rgb8_interlaced.png"), rgb)
        // libpng 1.6.39 scrambles rows of interlaced 16-bit files on its 8-bit path.
        assertClose(try Fixture.load("rgba16_interlaced.png"), rgbaWideOnWhite, tolerance: 0.5, "rgba16_interlaced")
        assertClose(
            try Fixture.load("palette8_trns_interlaced.png"), paletteOnWhite, tolerance: 0.01,
            "palette8_trns_interlaced")
    }

    func testFormatComesFromContentNotExtension() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixture.path("rgb8.png"))))
        XCTAssertEqual(try Image(decoding: bytes, name: "really-a-png.jpg"), rgb)
    }
}
