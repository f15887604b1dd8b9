import XCTest
@testable import Imaging

/// Real photographs and paintings from the shared data folder (a sibling of the repository).
/// Expected statistics were measured with Pillow, an independent decoder.
final class RealImageTests: XCTestCase {
    private func sharedFile(_ relativePath: String) throws -> String {
        let path = Fixture.shared.appendingPathComponent(relativePath).path
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("\(path) is not available") }
        return path
    }

    private func channelMeans(_ image: Image) -> [Float] {
        let plane = image.width * image.height
        return (0..<3).map { c in image.pixels[(c * plane)..<((c + 1) * plane)].reduce(0, +) / Float(plane) }
    }

    private func assertDecodes(_ relativePath: String, width: Int, height: Int, means: [Float],
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let image = try Image(contentsOf: try sharedFile(relativePath))
        XCTAssertEqual(image.width, width, file: file, line: line)
        XCTAssertEqual(image.height, height, file: file, line: line)
        for (got, expected) in zip(channelMeans(image), means) {
            XCTAssertEqual(got, expected, accuracy: 1, relativePath, file: file, line: line)
        }
        XCTAssertEqual(image.pixels.min()!, 0, accuracy: 40, file: file, line: line)    // real contrast,
        XCTAssertEqual(image.pixels.max()!, 255, accuracy: 40, file: file, line: line)  // not a flat grey
    }

    func testPhotograph() throws {
        try assertDecodes("data/content/val/kodak_kodim01.jpg", width: 768, height: 512, means: [119.73, 108.75, 88.33])
    }

    func testPainting() throws {
        try assertDecodes("data/styles/starry_night.jpg", width: 1024, height: 811, means: [76.73, 92.37, 110.76])
    }

    func testEveryValidationPhotoDecodes() throws {
        let directory = try sharedFile("data/content/val")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.lowercased().hasSuffix(".jpg") }
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let image = try Image(contentsOf: directory + "/" + name)
            XCTAssertGreaterThan(image.width * image.height, 100_000, name)
        }
    }
}
