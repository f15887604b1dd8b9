import Foundation
import Imaging
import NN
import StyleTransfer
import TestSupport
import XCTest

/// `faststyle export` and `faststyle import`, and the files they write read by `stylize`, `info`
/// and `compare`, run as a user runs them.
final class ExportCommandTests: XCTestCase {
    private var directory: URL!
    private var full: String { path("full.h5") }
    private let photo = TestPaths.repositoryFile("datasets/val/budgie_serene.jpg")

    override func setUpWithError() throws {
        directory = try temporaryFolder("export-cli")
        // A full checkpoint: a random narrow network with Adam's moments and style targets, as training writes one.
        let model = path("model.h5")
        try StylizeTestSupport.writeCheckpoint(architecture: "c9s1-8,d16,d32,R32,R32,u16,u8,c9s1-3", to: model)
        var checkpoint = try Checkpoint.read(from: model)
        let count = checkpoint.parameters.reduce(0) { $0 + $1.values.count }
        checkpoint.optimizer = AdamState(
            step: 3, firstMoment: Array(repeating: 0.01, count: count),
            secondMoment: Array(repeating: 0.001, count: count))
        for (layer, channels) in [("relu1_2", 64), ("relu2_2", 128), ("relu3_3", 256), ("relu4_3", 512)] {
            checkpoint.styleTargets[layer] = (
                [1, channels, channels], Array(repeating: 0.5, count: channels * channels)
            )
        }
        checkpoint.iteration = 3
        try checkpoint.write(to: full)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func size(_ file: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: file)[.size] as! Int
    }

    private func stylize(_ model: String, _ output: String) throws -> Image {
        let result = try run([
            "stylize", "--model", model, photo, "-o", output, "--size", "96", "--conv-algorithm", "direct",
            "--precision", "fp32",
        ])
        XCTAssertEqual(result.status, 0, result.error)
        return try Image(contentsOf: output)
    }

    private func largestDifference(_ a: Image, _ b: Image) -> Float {
        zip(a.pixels, b.pixels).map { abs($0 - $1) }.max() ?? .infinity
    }

    func testModelOnlyAndHalfCheckpointsStylizeAsTheFullOne() throws {
        let reference = try stylize(full, path("full.png"))
        var result = try run(["export", full, "-o", path("model.h5"), "--model-only"])
        XCTAssertEqual(result.status, 0, result.error)
        result = try run(["export", full, "-o", path("half.h5"), "--model-only", "--half"])
        XCTAssertEqual(result.status, 0, result.error)
        let (fullSize, modelSize, halfSize) = (try size(full), try size(path("model.h5")), try size(path("half.h5")))
        XCTAssertLessThan(
            modelSize, fullSize / 2, "the model-only checkpoint drops Adam's moments and the style targets")
        XCTAssertLessThan(halfSize, modelSize * 6 / 10)
        print("checkpoint sizes: full \(fullSize), model-only \(modelSize), half \(halfSize) bytes")

        let model = try Checkpoint.read(from: path("model.h5"))
        XCTAssertNil(model.optimizer)
        XCTAssertTrue(model.styleTargets.isEmpty)
        XCTAssertEqual(model.iteration, 3)
        XCTAssertEqual(try stylize(path("model.h5"), path("model.png")).pixels, reference.pixels)
        XCTAssertLessThanOrEqual(largestDifference(try stylize(path("half.h5"), path("half.png")), reference), 2)

        let info = try run(["info", path("half.h5")])
        XCTAssertEqual(info.status, 0, info.error)
        XCTAssertTrue(info.output.contains("c9s1-8,d16,d32,R32,R32,u16,u8,c9s1-3"), info.output)
    }

    func testONNXExportAndImportStylizeAsTheCheckpoint() throws {
        let reference = try stylize(full, path("full.png"))
        var result = try run(["export", full, "-o", path("model.onnx")])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.output.contains("model.onnx"), result.output)
        XCTAssertEqual(try stylize(path("model.onnx"), path("onnx.png")).pixels, reference.pixels)
        result = try run(["import", path("model.onnx"), "-o", path("imported.h5")])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertEqual(try stylize(path("imported.h5"), path("imported.png")).pixels, reference.pixels)
        let info = try run(["info", path("model.onnx")])
        XCTAssertEqual(info.status, 0, info.error)
        XCTAssertTrue(info.output.contains("c9s1-8,d16,d32,R32,R32,u16,u8,c9s1-3"), info.output)
        // pytorch/examples' network, straight from its ONNX file.
        let examples = TestPaths.fixture("examples_opset11.onnx", of: "ONNXTests")
        result = try run(["stylize", "--model", examples, photo, "-o", path("examples.png"), "--size", "64"])
        XCTAssertEqual(result.status, 0, result.error)
    }

    func testCompareTakesAModelOnlyCheckpointWithAStyle() throws {
        let vgg = try TestPaths.vggWeights()
        XCTAssertEqual(try run(["export", full, "-o", path("model.h5"), "--model-only"]).status, 0)
        let result = try run([
            "compare", "--model", path("model.h5"), "--content", photo, "--style",
            TestPaths.repositoryFile("datasets/styles/starry_night.jpg"), "--size", "40", "--iterations", "2",
            "-o", path("compare"), "--vgg", vgg,
        ])
        XCTAssertEqual(result.status, 0, result.error)
        try assertFails(
            [
                "compare", "--model", path("model.h5"), "--content", photo, "--size", "40", "--iterations", "2",
                "-o", path("compare2"), "--vgg", vgg,
            ], mentioning: ["model.h5", "style"])
    }

    func testBadOutputsAndModels() throws {
        try assertFails(["export", full, "-o", path("model.png")], mentioning: ["model.png", ".onnx", ".h5"])
        try assertFails(
            ["import", TestPaths.fixture("examples_opset9.onnx", of: "ONNXTests"), "-o", path("x.onnx")],
            mentioning: ["-o", ".h5"])
        try assertFails(["export", path("missing.h5"), "-o", path("m.onnx")], mentioning: ["missing.h5"])
        try assertFails(
            ["stylize", "--model", TestPaths.fixture("classifier.onnx", of: "ONNXTests"), photo, "-o", path("c.png")],
            mentioning: ["classifier.onnx", "not an RGB image"])
        try assertFails(
            ["import", TestPaths.fixture("leaky_relu.onnx", of: "ONNXTests"), "-o", path("leaky.h5")],
            mentioning: ["leaky_relu.onnx", "LeakyRelu"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("leaky.h5")))
        try Data([0x08, 0x07, 0x12]).write(to: URL(fileURLWithPath: path("truncated.onnx")))
        try assertFails(
            ["stylize", "--model", path("truncated.onnx"), photo, "-o", path("t.png")],
            mentioning: ["truncated.onnx", "truncated"])
    }
}
