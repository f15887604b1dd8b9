import XCTest
@testable import Imaging

/// Unreadable input gives an `ImageError` naming the file and the problem, never a crash or
/// silently wrong pixels.
final class BadInputTests: XCTestCase {
    private func assertFails(
        _ name: String, mentioning words: [String], settings: ImageReadSettings = .init(),
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let path = Fixture.path(name)
        let description = imageErrorDescription(file: file, line: line) {
            _ = try Image(contentsOf: path, settings: settings)
        }
        XCTAssertTrue(description.contains(path), "\(description) should name the file", file: file, line: line)
        for word in words {
            XCTAssertTrue(
                description.lowercased().contains(word.lowercased()), "\(description) should mention \(word)",
                file: file, line: line)
        }
    }

    func testTruncatedPNG() {
        assertFails("truncated.png", mentioning: ["PNG"])
    }

    func testCorruptPNG() {
        assertFails("corrupt.png", mentioning: ["PNG"])
    }

    func testTruncatedJPEG() {
        assertFails("truncated.jpg", mentioning: ["JPEG"])
    }

    func testCorruptJPEG() {
        assertFails("corrupt.jpg", mentioning: ["JPEG"])
    }

    func testTextFileNamedPNG() {
        assertFails("not_an_image.png", mentioning: ["not a PNG or JPEG", "text"])
    }

    func testEmptyFile() {
        assertFails("empty.png", mentioning: ["empty"])
    }

    func testMissingFile() {
        assertFails("no_such_file.png", mentioning: ["no such file"])
    }

    func testDirectory() {
        let path = Fixture.directory.path
        let description = imageErrorDescription { _ = try Image(contentsOf: path) }
        XCTAssertTrue(description.contains(path) && description.contains("directory"), description)
    }

    func testZeroSize() {
        assertFails("zero_width.png", mentioning: ["0x7", "at least 1"])
        assertFails("zero_height.jpg", mentioning: ["13x0", "at least 1"])
    }

    func testEnormousDeclaredSizeIsRefusedBeforeAllocating() {
        // 100000 x 100000 RGBA would be 40 GB; the error must come from the header check.
        assertFails("huge_dimensions.png", mentioning: ["100000x100000", "pixel limit", "raise the limit"])
        assertFails("huge_dimensions.jpg", mentioning: ["65000x65000", "pixel limit", "raise the limit"])
    }

    func testPixelLimitIsConfigurable() throws {
        assertFails("rgb8.png", mentioning: ["pixel limit of 90"], settings: ImageReadSettings(maxPixels: 90))
        assertFails("baseline.jpg", mentioning: ["pixel limit of 90"], settings: ImageReadSettings(maxPixels: 90))
        XCTAssertNoThrow(try Fixture.load("rgb8.png", settings: ImageReadSettings(maxPixels: 91)))   // 13 x 7 = 91
    }

    func testInMemoryDecodingNamesTheSource() {
        let description = imageErrorDescription {
            _ = try Image(decoding: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], name: "upload #3")
        }
        XCTAssertTrue(description.contains("upload #3"), description)
    }

    func testUnknownOutputExtension() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("faststyle-imaging-\(UUID()).tiff")
            .path
        let description = imageErrorDescription { try Fixture.rgbPattern.write(to: path) }
        XCTAssertTrue(description.contains(path) && description.contains(".png"), description)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testUnwritablePath() {
        let path = "/nonexistent-directory/out.png"
        XCTAssertThrowsError(try Fixture.rgbPattern.write(to: path)) { error in
            XCTAssertTrue("\(error)".contains(path) && "\(error)".contains("does not exist"), "\(error)")
        }
    }

    /// A pipe or a device is refused by name before anything is read (a FIFO would block forever).
    func testWhatIsNotAFileIsRefusedByName() throws {
        let pipe = FileManager.default.temporaryDirectory.appendingPathComponent("faststyle-imaging-\(UUID()).png").path
        XCTAssertEqual(mkfifo(pipe, 0o644), 0)
        defer { unlink(pipe) }
        XCTAssertTrue(imageErrorDescription { _ = try Image(contentsOf: pipe) }.contains("named pipe (FIFO)"))
        XCTAssertTrue(imageErrorDescription { _ = try Image(contentsOf: "/dev/zero") }.contains("character device"))
    }

    /// The start-of-image marker alone is a truncated JPEG, not an unknown format.
    func testAStartOfImageMarkerAloneIsATruncatedJPEG() {
        let description = imageErrorDescription { _ = try Image(decoding: [0xFF, 0xD8], name: "soi.jpg") }
        XCTAssertTrue(description.contains("soi.jpg: damaged or truncated JPEG data"), description)
    }

    func testInvalidJPEGQuality() {
        XCTAssertThrowsError(try Fixture.rgbPattern.encodedJPEG(quality: 0))
        XCTAssertThrowsError(try Fixture.rgbPattern.encodedJPEG(quality: 101))
    }
}
