import Foundation
import Imaging
import StyleTransfer
import TestSupport
import XCTest

/// `faststyle dream` and `faststyle visualize neuron|filters` run as a user runs them.
final class VisualizationCommandTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("visualize-cli")
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func vgg() throws -> [String] { ["--vgg", try TestPaths.vggWeights()] }

    func testDreamWritesAnImageOfTheInputsSize() throws {
        let result = try run(
            [
                "dream", TestPaths.photograph, "--size", "96", "--layer", "relu3_3", "--octaves", "2",
                "--iterations", "2", "-o", path("dream.png"),
            ] + vgg())
        XCTAssertEqual(result.status, 0, result.error)
        let image = try Image(contentsOf: path("dream.png"))
        XCTAssertEqual(max(image.width, image.height), 96)
        XCTAssertTrue(result.output.contains("octave 2/2"), result.output)
    }

    func testNeuronAndFiltersWriteImages() throws {
        let neuron = try run(
            [
                "visualize", "neuron", "--layer", "relu2_2", "--channel", "3", "--size", "32",
                "--iterations", "3", "-o", path("neuron.png"),
            ] + vgg())
        XCTAssertEqual(neuron.status, 0, neuron.error)
        XCTAssertEqual(try Image(contentsOf: path("neuron.png")).width, 32)
        let filters = try run(["visualize", "filters", "-o", path("filters.png")] + vgg())
        XCTAssertEqual(filters.status, 0, filters.error)
        XCTAssertEqual(try Image(contentsOf: path("filters.png")).width, 8 * (3 * 16 + 4) + 4)
    }

    /// `--channels` writes one labelled cell per channel: wider than one image, every cell there.
    func testNeuronChannelsWritesAGrid() throws {
        let result = try run(
            [
                "visualize", "neuron", "--layer", "relu2_1", "--channels", "0-2,5", "--size", "24",
                "--iterations", "2", "-o", path("grid.png"),
            ] + vgg())
        XCTAssertEqual(result.status, 0, result.error)
        let grid = try Image(contentsOf: path("grid.png"))
        XCTAssertGreaterThan(grid.width, 4 * 24)
        for channel in [0, 1, 2, 5] { XCTAssertTrue(result.output.contains("channel \(channel) "), result.output) }
        try assertFails(
            ["visualize", "neuron", "--channel", "1", "--channels", "0-2", "-o", path("b.png")] + vgg(),
            mentioning: ["--channel", "--channels"])
        try assertFails(
            ["visualize", "neuron", "--layer", "relu2_1", "--channels", "120-130", "-o", path("b.png")] + vgg(),
            mentioning: ["--channels", "128"])
    }

    func testBadArgumentsAreClearErrors() throws {
        let vgg = try vgg()
        let photo = TestPaths.photograph
        try assertFails(
            ["dream", photo, "--layer", "relu9_1", "-o", path("a.png")] + vgg,
            mentioning: ["relu9_1", "relu4_3"])
        try assertFails(
            ["dream", photo, "--octave-scale", "1", "-o", path("a.png")] + vgg, mentioning: ["--octave-scale"])
        try assertFails(["dream", photo, "--step", "0", "-o", path("a.png")] + vgg, mentioning: ["--step"])
        try assertFails(
            ["dream", photo, "--size", "64", "--octaves", "9", "-o", path("a.png")] + vgg,
            mentioning: ["--octaves", "at most"])
        try assertFails(["dream", path("missing.jpg"), "-o", path("a.png")] + vgg, mentioning: ["missing.jpg"])
        try assertFails(
            ["visualize", "neuron", "--layer", "relu3_3", "--channel", "256", "-o", path("a.png")] + vgg,
            mentioning: ["--channel", "255", "256 channels"])
        try assertFails(
            ["visualize", "neuron", "--layer", "conv3_3", "-o", path("a.png")] + vgg, mentioning: ["relu3_3"])
        try assertFails(
            ["visualize", "neuron", "--value-clip", "100", "-o", path("a.png")] + vgg, mentioning: ["--value-clip"])
        try assertFails(["visualize", "filters", "--scale", "0", "-o", path("a.png")] + vgg, mentioning: ["--scale"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("a.png")))
    }
}
