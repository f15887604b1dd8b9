import TestSupport
import XCTest
@testable import Imaging

/// Decoding and resizing a 12-megapixel (4000x3000) image. Skipped unless FASTSTYLE_TIMING=1 (or
/// FASTSTYLE_REQUIRE_ALL=1), because the numbers only mean something in a release build:
///   FASTSTYLE_TIMING=1 swift test -c release -Xswiftc -enable-testing --filter ImagingTests.TimingTests
final class TimingTests: XCTestCase {
    private func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    func testTwelveMegapixels() throws {
        // FASTSTYLE_REQUIRE_ALL=1 (CI) runs it too: its figures mean nothing there, but it decodes,
        // encodes and resizes a 12-megapixel image.
        guard ProcessInfo.processInfo.environment["FASTSTYLE_TIMING"] == "1" || TestRequirement.isStrict else {
            throw XCTSkip("set FASTSTYLE_TIMING=1")
        }
        let big = try Image(contentsOf: TestPaths.photograph).resized(width: 4000, height: 3000).clamped()
        let jpeg = try big.encodedJPEG(quality: 92)
        let png = try big.encodedPNG()
        var decoded = big
        let report = [
            (
                "decode JPEG (\(jpeg.count / 1024) KB)",
                try seconds { decoded = try Image(decoding: jpeg, name: "jpeg") }
            ),
            ("decode PNG (\(png.count / 1024) KB)", try seconds { decoded = try Image(decoding: png, name: "png") }),
            ("encode JPEG q92", try seconds { _ = try big.encodedJPEG(quality: 92) }),
            ("resize to 1000x750", seconds { _ = big.resized(longSide: 1000) }),
            ("resize to 2000x1500", seconds { _ = big.resized(longSide: 2000) }),
            ("resize to 1024x1024", seconds { _ = big.resized(width: 1024, height: 1024) }),
            ("withLuminance", seconds { _ = big.withLuminance(of: decoded) }),
        ]
        for (name, time) in report {
            print(String(format: "4000x3000 %@: %.3f s", name, time))
        }
        XCTAssertEqual(decoded.width, 4000)
    }
}
