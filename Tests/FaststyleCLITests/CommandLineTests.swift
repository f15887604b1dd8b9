import Foundation
import StyleTransfer
import TestSupport
import XCTest

/// The `faststyle` executable run as a user runs it: bad input gives a clear message on stderr
/// and a non-zero exit status, never a crash.
final class CommandLineTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("cli")
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func write(_ text: String, to name: String) -> String {
        FileManager.default.createFile(atPath: path(name), contents: Data(text.utf8))
        return path(name)
    }

    var photo: String { TestPaths.photograph }

    func testFeaturesWritesEveryLayerAndGram() throws {
        let vgg = try TestPaths.vggWeights()
        let output = path("feats.h5")
        let result = try run([
            "features", "--image", photo, "--size", "40", "--layers", "relu1_2,relu3_3", "-o", output, "--vgg", vgg,
        ])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output))
    }

    func testUnreadableImagesAreClearErrors() throws {
        let vgg = try TestPaths.vggWeights()
        let text = write("not an image", to: "notes.png")
        try assertFails(["features", "--image", text, "-o", path("f.h5"), "--vgg", vgg], mentioning: ["notes.png"])
        try assertFails(
            ["features", "--image", path("missing.jpg"), "-o", path("f.h5"), "--vgg", vgg], mentioning: ["missing.jpg"])
        try assertFails(
            ["optimize", "--content", text, "--style", text, "-o", path("o.png"), "--vgg", vgg],
            mentioning: ["notes.png"])
    }

    func testBadWeightsFilesAreClearErrors() throws {
        let corrupt = write("this is not HDF5", to: "corrupt.h5")
        try assertFails(
            ["features", "--image", photo, "-o", path("f.h5"), "--vgg", corrupt], mentioning: ["corrupt.h5"])
        try assertFails(
            ["features", "--image", photo, "-o", path("f.h5"), "--vgg", path("absent.h5")],
            mentioning: ["absent.h5", "weights fetch"])
    }

    func testBadArgumentsAreClearErrors() throws {
        let vgg = try TestPaths.vggWeights()
        try assertFails(
            ["optimize", "--content", photo, "--style", photo, "-o", path("o.png"), "--size", "-5", "--vgg", vgg],
            mentioning: ["--size"])
        try assertFails(
            [
                "optimize", "--content", photo, "--style", photo, "-o", path("o.png"), "--style-blend", "1,2", "--vgg",
                vgg,
            ],
            mentioning: ["--style-blend"])
        try assertFails(
            [
                "optimize", "--content", photo, "--style", photo, "-o", path("o.png"), "--content-layers", "relu9_1",
                "--vgg", vgg,
            ],
            mentioning: ["relu9_1"])
        try assertFails(["optimize", "-o", path("o.png")], mentioning: ["--content"])
        try assertFails(
            ["features", "--image", photo, "--layers", "relu2_2", "--size", "0", "-o", path("f.h5")],
            mentioning: ["--size"])
        try assertFails(["bench", "conv:1x1"], mentioning: ["conv:64x64"])
    }
}

extension CommandLineTests {
    /// Ctrl-C during training saves a checkpoint that loads, and exits with 128 + SIGINT.
    func testInterruptedTrainingLeavesALoadableCheckpoint() throws {
        let vgg = try TestPaths.vggWeights()
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            throw TestRequirement.missing("faststyle not built")
        }
        let checkpoint = FileManager.default.temporaryDirectory.appendingPathComponent(
            "faststyle-sigint-\(UUID().uuidString).h5"
        ).path
        defer {
            let files = TrainingFiles(checkpoint: checkpoint)
            for file in [checkpoint, files.historyCSV, files.lossPlot] {
                try? FileManager.default.removeItem(atPath: file)
            }
        }
        let process = Process()
        process.executableURL = Self.executable
        process.currentDirectoryURL = TestPaths.repositoryRoot
        process.arguments = [
            "train", "--style", "datasets/styles/starry_night.jpg", "--dataset", "datasets/content",
            "--checkpoint", checkpoint, "--arch", "c5s1-8,d16,R16,u8,c5s1-3", "--image-size", "32",
            "--batch-size", "2", "--style-size", "64", "--iterations", "100000", "--vgg", vgg,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        // Wait for the first training step to be reported, then interrupt.
        var seen = ""
        let deadline = Date().addingTimeInterval(120)
        while !seen.contains("iter "), Date() < deadline, process.isRunning {
            seen += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        XCTAssertTrue(seen.contains("iter "), "no progress line: \(seen)")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 128 + SIGINT)
        let saved = try Checkpoint.read(from: checkpoint)
        XCTAssertGreaterThan(saved.iteration, 0)
        XCTAssertNotNil(saved.optimizer)

        // `info` describes it without loading anything else.
        let info = try run(["info", checkpoint])
        XCTAssertEqual(info.status, 0, info.error)
        for fragment in [
            "full (resumable)", "c5s1-8,d16,R16,u8,c5s1-3", "starry_night.jpg", "32² crops, batch 2",
            "iteration \(saved.iteration) of 100000",
        ] {
            XCTAssertTrue(info.output.contains(fragment), "info lacks '\(fragment)': \(info.output)")
        }
        try assertFails(["info", vgg], mentioning: ["not a faststyle checkpoint", "faststyle weights info"])
        try assertFails(["info", path("missing.h5")], mentioning: ["missing.h5"])
    }
}
