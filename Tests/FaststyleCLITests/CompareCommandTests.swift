import Comparison
import Foundation
import Imaging
import StyleTransfer
import Tensors
import TestSupport
import XCTest

/// `faststyle compare` run as a user runs it, on tiny images with a tiny checkpoint: every file
/// is written, and metrics.json says what an independent measurement of the written PNGs says.
extension CommandLineTests {
    /// A network of a few channels trained for 2 steps on 32² crops (style Gram targets at 64 px).
    private func tinyCheckpoint(loss: LossSettings = LossSettings()) throws -> String {
        var settings = try TinyTraining.settings(iterations: 2)
        settings.loss = loss
        let trainer = try TinyTraining.trainer(settings)
        for _ in 0..<2 { try trainer.step() }
        let checkpoint = path("tiny.h5")
        try trainer.checkpoint(includingOptimizer: false).write(to: checkpoint)
        return checkpoint
    }

    func testCompareWritesEveryFileAndItsMetricsMatchARecomputation() throws {
        let vgg = try TestPaths.vggWeights()
        let model = try tinyCheckpoint()
        let contents = ["budgie_serene", "pop_nasa-53884_c1"]
        let output = path("out")
        let iterations = 4
        let result = try run([
            "compare", "--model", model, "--content", TestPaths.repositoryFile("datasets/val/budgie_serene.jpg"),
            "--content", TestPaths.repositoryFile("datasets/val/pop_nasa-53884_c1.jpg"), "--size", "40",
            "--iterations", "\(iterations)", "-o", output, "--vgg", vgg,
        ])
        XCTAssertEqual(result.status, 0, result.error)
        for name in ComparisonFiles.names(for: contents) {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(output)/\(name)"), "\(name) not written")
        }
        let metrics = try JSONDecoder().decode(
            ComparisonMetrics.self, from: Data(contentsOf: URL(fileURLWithPath: "\(output)/metrics.json")))
        XCTAssertEqual(metrics.images.map(\.name), contents)
        XCTAssertTrue(metrics.styleTargetsFromCheckpoint)
        for fragment in ["speed-up", "total slow", "budgie_serene", "pop_nasa-53884_c1", "mean over 2 images"] {
            XCTAssertTrue(result.output.contains(fragment), "stdout lacks '\(fragment)': \(result.output)")
        }
        let json = try String(contentsOfFile: "\(output)/metrics.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"slowBeatsFastAtIteration\""), "the iteration is written even when null")

        // The independent measurement: the loss network and the checkpoint's stored targets, as
        // the checkpoint file holds them, applied to the PNGs in the folder.
        let checkpoint = try Checkpoint.read(from: model)
        let loss = try PerceptualLoss(
            network: try VGGLossNetwork(weightsPath: vgg, upTo: "relu4_3"), settings: checkpoint.settings.loss)
        let style = StyleTargets(
            grams: checkpoint.styleTargets.mapValues { Tensor(shape: $0.shape, values: $0.values) })
        for entry in metrics.images {
            let content = try Image(contentsOf: "\(output)/\(entry.name)_content.png")
            XCTAssertEqual([content.width, content.height], [entry.width, entry.height])
            XCTAssertEqual(max(content.width, content.height), 40)
            let multiple = checkpoint.settings.network.architecture.sizeMultiple   // one stride-2 layer: 2
            XCTAssertEqual(
                content.width % multiple + content.height % multiple, 0, "sides are multiples of \(multiple)")
            let targets = try loss.contentTargets(for: Tensor(image: content))
            for (method, recorded) in [("slow", entry.slow), ("fast", entry.fast)] {
                let image = try Image(contentsOf: "\(output)/\(entry.name)_\(method).png")
                let measured = try loss.evaluate(Tensor(image: image), content: targets, style: style)
                for (term, a, b) in [
                    ("content", measured.content, recorded.content), ("style", measured.style, recorded.style),
                    ("tv", measured.totalVariation, recorded.totalVariation), ("total", measured.total, recorded.total),
                ] {
                    XCTAssertEqual(a, b, accuracy: 1e-5 * max(abs(b), 1), "\(entry.name) \(method) \(term)")
                }
            }
            XCTAssertEqual(entry.slowTotalPerIteration.count, iterations)
            XCTAssertEqual(entry.speedup, entry.slowSeconds / entry.fastSeconds, accuracy: 1e-9 * entry.speedup)
            let firstBelow = entry.slowTotalPerIteration.firstIndex { $0 < entry.fast.total }.map { $0 + 1 }
            XCTAssertEqual(entry.slowBeatsFastAtIteration, firstBelow)
        }
        let html = try String(contentsOfFile: "\(output)/report.html", encoding: .utf8)
        XCTAssertEqual(
            html.components(separatedBy: "data:image/png;base64,").count - 1, 1 + 3 * contents.count,
            "style + 3 images each")
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, contents.count)
        let panel = try Image(contentsOf: "\(output)/panel.png")
        XCTAssertGreaterThan(panel.height, 2 * 40)
        let curve = try String(contentsOfFile: "\(output)/curve.svg", encoding: .utf8)
        XCTAssertEqual(curve.components(separatedBy: "fast network").count - 1, contents.count)

        // --style at the training's style size gives the Gram targets stored in the checkpoint:
        // the same losses for the network's output.
        let restyled = path("restyled")
        let again = try run([
            "compare", "--model", model, "--content", TestPaths.repositoryFile("datasets/val/budgie_serene.jpg"),
            "--size", "40",
            "--iterations", "1", "--style", TestPaths.repositoryFile("datasets/styles/starry_night.jpg"), "-o",
            restyled, "--vgg", vgg,
        ])
        XCTAssertEqual(again.status, 0, again.error)
        let second = try JSONDecoder().decode(
            ComparisonMetrics.self, from: Data(contentsOf: URL(fileURLWithPath: "\(restyled)/metrics.json")))
        XCTAssertFalse(second.styleTargetsFromCheckpoint)
        XCTAssertEqual(
            second.images[0].fast.total, metrics.images[0].fast.total, accuracy: 1e-4 * metrics.images[0].fast.total)
        XCTAssertEqual(second.images[0].slowTotalPerIteration.count, 1)
    }

    /// `--loss johnson` measures both methods with Johnson et al.'s weights whatever the network was
    /// trained with, and after 100 iterations reports the network's loss over the optimization's.
    func testCompareOnJohnsonsObjectiveReportsTheRatioAt100Iterations() throws {
        let vgg = try TestPaths.vggWeights()
        var trainedWith = LossSettings()
        trainedWith.styleWeight = 50
        trainedWith.totalVariationWeight = 1e-4
        XCTAssertNotEqual(trainedWith, .johnson)
        let model = try tinyCheckpoint(loss: trainedWith)
        let output = path("johnson")
        let result = try run([
            "compare", "--model", model, "--content", TestPaths.repositoryFile("datasets/val/budgie_serene.jpg"),
            "--size", "32", "--iterations", "100", "--loss", "johnson", "-o", output, "--vgg", vgg,
        ])
        XCTAssertEqual(result.status, 0, result.error)
        let metrics = try JSONDecoder().decode(
            ComparisonMetrics.self, from: Data(contentsOf: URL(fileURLWithPath: "\(output)/metrics.json")))
        XCTAssertEqual(metrics.settings.optimization.loss, .johnson)
        let entry = try XCTUnwrap(metrics.images.first)
        let ratio = try XCTUnwrap(entry.fastOverSlowAt100)
        XCTAssertEqual(ratio, entry.fast.total / entry.slowTotalPerIteration[99], accuracy: 1e-12 * ratio)
        XCTAssertTrue(result.output.contains("after 100 iterations the network's loss is"), result.output)
        XCTAssertTrue(result.output.contains("the optimization passes the network after"), result.output)

        // The network's output measured independently on Johnson's objective.
        let checkpoint = try Checkpoint.read(from: model)
        let loss = try PerceptualLoss(
            network: try VGGLossNetwork(weightsPath: vgg, upTo: "relu4_3"), settings: .johnson)
        let style = StyleTargets(
            grams: checkpoint.styleTargets.mapValues { Tensor(shape: $0.shape, values: $0.values) })
        let content = try Image(contentsOf: "\(output)/\(entry.name)_content.png")
        let fast = try loss.evaluate(
            Tensor(image: try Image(contentsOf: "\(output)/\(entry.name)_fast.png")),
            content: try loss.contentTargets(for: Tensor(image: content)), style: style)
        XCTAssertEqual(fast.total, entry.fast.total, accuracy: 1e-5 * entry.fast.total)
    }

    func testCompareBadInputIsAClearError() throws {
        let vgg = try TestPaths.vggWeights()
        let photo = TestPaths.repositoryFile("datasets/val/budgie_serene.jpg")
        let text = write("not a checkpoint", to: "notes.h5")
        try assertFails(
            ["compare", "--model", path("missing.h5"), "--content", photo, "-o", path("o"), "--vgg", vgg],
            mentioning: ["missing.h5", "no such file"])
        try assertFails(
            ["compare", "--model", vgg, "--content", photo, "-o", path("o"), "--vgg", vgg],
            mentioning: ["not a faststyle checkpoint", "VGG weights"])
        try assertFails(
            ["compare", "--model", text, "--content", photo, "-o", path("o"), "--vgg", vgg], mentioning: ["notes.h5"])
        let model = try tinyCheckpoint()
        try assertFails(
            ["compare", "--model", model, "--content", path("absent.jpg"), "-o", path("o"), "--vgg", vgg],
            mentioning: ["absent.jpg"])
        try assertFails(["compare", "--model", model, "-o", path("o"), "--vgg", vgg], mentioning: ["--content"])
        try assertFails(
            [
                "compare", "--model", model, "--content", photo, "--style-layers", "relu1_1", "-o", path("o"), "--vgg",
                vgg,
            ],
            mentioning: ["relu1_1", "style image"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("o")), "nothing written on failure")
        let taken = write("a file where the folder should go", to: "taken")
        try assertFails(
            ["compare", "--model", model, "--content", photo, "-o", taken, "--vgg", vgg],
            mentioning: ["taken", "output folder"])
    }
}
