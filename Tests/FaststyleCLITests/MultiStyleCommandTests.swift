import Foundation
import Imaging
import StyleTransfer
import TestSupport
import XCTest

/// A network of several styles from the command line: trained with several --style images,
/// listed by `info`, one style or a blend chosen by `stylize` and `export`, a new style started
/// from it with `train --from`, and the two combined into one network with `combine`.
final class MultiStyleCommandTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("styles-cli")
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The tiny training run of TinyTraining, from the command line.
    private let recipe = [
        "--dataset", "datasets/content", "--arch", TinyTraining.architecture, "--image-size", "32", "--style-size",
        "64",
        "--batch-size", "2", "--sample-every", "0",
    ]

    func testTrainListStylizeBlendExportAndStartFromIt() throws {
        let model = path("two.h5")
        var result = try run(
            [
                "train", "--style", "datasets/styles/starry_night.jpg", "--style", "datasets/styles/great_wave.jpg",
                "--checkpoint", model, "--iterations", "3",
            ] + recipe)
        XCTAssertEqual(result.status, 0, result.error)
        result = try run(["info", model])
        XCTAssertTrue(result.output.contains("styles:         2: starry_night, great_wave"), result.output)

        let photo = TestPaths.repositoryFile("datasets/val/budgie_serene.jpg")
        try assertFails(
            ["stylize", "--model", model, photo, "-o", path("x.png")],
            mentioning: ["--style or --blend", "starry_night, great_wave"])
        try assertFails(
            ["stylize", "--model", model, "--style", "udnie", photo, "-o", path("x.png")],
            mentioning: ["--style must name a style of the network: starry_night, great_wave, got udnie"])
        try assertFails(
            ["stylize", "--model", model, "--blend", "great_wave=-1", photo, "-o", path("x.png")],
            mentioning: ["--blend"])
        try assertFails(
            ["stylize", "--model", model, "--style", "great_wave", "--blend", "great_wave=1", photo],
            mentioning: ["not both"])

        // One input and no -o: its name with the style's, in the current folder; never over a file.
        result = try run(["stylize", "--model", model, "--style", "great_wave", photo], in: directory)
        XCTAssertEqual(result.status, 0, result.error)
        let named = try Image(contentsOf: path("budgie_serene_great_wave.jpg"))
        XCTAssertEqual(
            [named.width, named.height], [try Image(contentsOf: photo).width, try Image(contentsOf: photo).height])
        let before = try Data(contentsOf: URL(fileURLWithPath: path("budgie_serene_great_wave.jpg")))
        result = try run(["stylize", "--model", model, "--style", "great_wave", photo], in: directory)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(
            result.error.contains("-o must be given: the default output, budgie_serene_great_wave.jpg, exists already"),
            result.error)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("budgie_serene_great_wave.jpg"))), before)

        result = try run([
            "stylize", "--model", model, "--blend", "starry_night=0.5,great_wave=0.5", photo, "-o", path("blend.png"),
        ])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertNotEqual(
            try Image(contentsOf: path("blend.png")), try Image(contentsOf: path("budgie_serene_great_wave.jpg")))

        // ONNX holds one style: export names it, or fails.
        try assertFails(["export", model, "-o", path("all.onnx")], mentioning: ["--style or --blend"])
        result = try run(["export", model, "--style", "great_wave", "-o", path("wave.onnx")])
        XCTAssertEqual(result.status, 0, result.error)
        result = try run(["export", model, "-o", path("all.h5"), "--half"])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(try run(["info", path("all.h5")]).output.contains("2: starry_night, great_wave"))

        // A new style from it: only the normalizations train.
        try assertFails(
            [
                "train", "--style", "datasets/styles/udnie.jpg", "--train", "norm", "--checkpoint", path("n.h5"),
                "--iterations", "2",
            ]
                + recipe, mentioning: ["--train norm needs --from"])
        try assertFails(
            [
                "train", "--style", "datasets/styles/udnie.jpg", "--from", model, "--checkpoint", path("n.h5"),
                "--iterations", "2",
                "--dataset", "datasets/content", "--arch", "light",
            ], mentioning: ["--arch cannot be given with --from"])
        result = try run([
            "train", "--style", "datasets/styles/udnie.jpg", "--from", model, "--train", "norm", "--checkpoint",
            path("new.h5"),
            "--iterations", "2", "--dataset", "datasets/content", "--image-size", "32", "--style-size", "64",
            "--batch-size", "2",
            "--sample-every", "0",
        ])
        XCTAssertEqual(result.status, 0, result.error)
        result = try run(["info", path("new.h5")])
        XCTAssertTrue(
            result.output.contains("started from:   two.h5, training only the normalizations' scales and shifts"),
            result.output)
        XCTAssertTrue(result.output.contains(TinyTraining.architecture), result.output)

        // It shares the base's convolutions, so it joins the base: its style paints as it does.
        result = try run(["combine", model, path("new.h5"), "-o", path("three.h5")])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(try run(["info", path("three.h5")]).output.contains("3: starry_night, great_wave, udnie"))
        let exact = ["--conv-algorithm", "direct", "--precision", "fp32"]
        XCTAssertEqual(
            try run(["stylize", "--model", path("three.h5"), "--style", "udnie", photo, "-o", path("c.png")] + exact)
                .status, 0)
        XCTAssertEqual(try run(["stylize", "--model", path("new.h5"), photo, "-o", path("n.png")] + exact).status, 0)
        XCTAssertEqual(try Image(contentsOf: path("c.png")), try Image(contentsOf: path("n.png")))
        // A network trained apart has other convolutions; a style twice is refused.
        result = try run(
            ["train", "--style", "datasets/styles/udnie.jpg", "--checkpoint", path("apart.h5"), "--iterations", "1"]
                + recipe)
        XCTAssertEqual(result.status, 0, result.error)
        try assertFails(
            ["combine", model, path("apart.h5"), "-o", path("x.h5")],
            mentioning: ["differs from", "share every convolution"])
        try assertFails(["combine", model, model, "-o", path("x.h5")], mentioning: ["starry_night"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.h5")))
    }
}
