import TestSupport
import XCTest
@testable import Imaging

/// Real photographs and paintings of the repository's `datasets/`. Expected statistics were
/// measured with Pillow 13, an independent decoder (`Image.open(path).convert("RGB")`).
final class RealImageTests: XCTestCase {
    private func channelMeans(_ image: Image) -> [Float] {
        let plane = image.width * image.height
        return (0..<3).map { c in image.pixels[(c * plane)..<((c + 1) * plane)].reduce(0, +) / Float(plane) }
    }

    private func assertDecodes(
        _ relativePath: String, width: Int, height: Int, means: [Float],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let image = try Image(contentsOf: TestPaths.repositoryFile(relativePath))
        XCTAssertEqual(image.width, width, file: file, line: line)
        XCTAssertEqual(image.height, height, file: file, line: line)
        for (got, expected) in zip(channelMeans(image), means) {
            XCTAssertEqual(got, expected, accuracy: 1, relativePath, file: file, line: line)
        }
        XCTAssertEqual(image.pixels.min()!, 0, accuracy: 40, file: file, line: line)   // real contrast,
        XCTAssertEqual(image.pixels.max()!, 255, accuracy: 40, file: file, line: line)   // not a flat grey
    }

    func testPhotograph() throws {
        try assertDecodes("datasets/val/budgie_serene.jpg", width: 432, height: 288, means: [92.71, 127.34, 77.49])
    }

    func testPainting() throws {
        try assertDecodes("datasets/styles/starry_night.jpg", width: 800, height: 634, means: [76.74, 92.37, 110.82])
    }

    func testEveryValidationPhotoDecodes() throws {
        let directory = TestPaths.repositoryFile("datasets/val")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
            $0.lowercased().hasSuffix(".jpg")
        }
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let image = try Image(contentsOf: directory + "/" + name)
            XCTAssertGreaterThan(image.width * image.height, 100_000, name)
        }
    }
}
