import Foundation
import Imaging
import TestSupport
import XCTest

final class VisualizePatchesCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder("visualize-patches")
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A folder with two of the demo photographs (and, if asked, a file that is not an image).
    private func dataset(_ name: String, corrupt: Bool = false) throws -> String {
        let dataset = path(name)
        try FileManager.default.createDirectory(atPath: dataset, withIntermediateDirectories: true)
        for photo in ["budgie_canyon-wren.jpg", "skimage_astronaut.jpg"] {
            try FileManager.default.copyItem(
                atPath: TestPaths.repositoryFile("datasets/content/\(photo)"), toPath: "\(dataset)/\(photo)")
        }
        if corrupt { try Data("not a JPEG".utf8).write(to: URL(fileURLWithPath: "\(dataset)/broken.jpg")) }
        return dataset
    }

    /// A run writes the grid: a row per channel, the photographs' count in its report; an
    /// unreadable photograph is skipped with a warning naming it.
    func testWritesTheGridAndSkipsAnUnreadablePhotograph() throws {
        let vgg = try TestPaths.vggWeights()
        let output = path("grid.png")
        let result = try run([
            "visualize", "patches", "--layer", "relu2_2", "--channels", "0-2", "--dataset",
            try dataset("photos", corrupt: true),
            "--top", "2", "--size", "48", "-o", output, "--vgg", vgg,
        ])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.error.contains("Warning: skipping broken.jpg"), result.error)
        XCTAssertTrue(result.output.contains("3 channels × 2 patches from 2 photographs"), result.output)
        let grid = try Image(contentsOf: output)
        XCTAssertGreaterThan(grid.height, 3 * 96)
    }

    func testBadInputIsAClearError() throws {
        let vgg = try TestPaths.vggWeights()
        let photos = try dataset("photos")
        func patches(_ extra: [String], output: String? = nil) -> [String] {
            [
                "visualize", "patches", "--layer", "relu2_2", "--channels", "0-2", "--dataset", photos, "--size", "48",
                "-o", output ?? path("out.png"), "--vgg", vgg,
            ] + extra
        }
        try assertFails(
            patches(["--layer", "relu9_9"]),
            mentioning: ["--layer must be a ReLU layer of VGG-16", "relu1_1", "relu5_3", "got relu9_9"])
        try assertFails(
            patches(["--channels", "120-130"]),
            mentioning: ["--channels must name channels from 0 to 127 (relu2_2 has 128 channels), got 120-130"])
        try assertFails(
            patches(["--channels", "3-"]), mentioning: ["--channels must be a channel (5), a range (0-7)", "got 3-"])
        try assertFails(patches(["--top", "0"]), mentioning: ["--top must be between 1 and"])
        try assertFails(patches(["--per-image", "0"]), mentioning: ["--per-image must be between 1 and"])
        try assertFails(
            patches(["--layer", "relu5_3", "--channels", "0-511", "--top", "10000"]),
            mentioning: ["--channels 512, --top 10000: 512 × 10000 patches of 196² pixels and their picture needs"])
        try assertFails(patches(["--dataset", path("absent")]), mentioning: ["absent: no such folder"])
        let empty = path("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try assertFails(patches(["--dataset", empty]), mentioning: ["empty: the folder holds no image"])
        let broken = path("broken")
        try FileManager.default.createDirectory(atPath: broken, withIntermediateDirectories: true)
        try Data("not a JPEG".utf8).write(to: URL(fileURLWithPath: "\(broken)/a.jpg"))
        try assertFails(patches(["--dataset", broken]), mentioning: ["none of the 1 images can be read"])
        try assertFails(patches([], output: path("missing/out.png")), mentioning: ["missing/out.png"])
        try assertFails(patches([], output: path("out.txt")), mentioning: ["out.txt"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out.png")))
    }
}
