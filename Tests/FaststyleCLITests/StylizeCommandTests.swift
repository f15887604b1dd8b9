import Foundation
import Imaging
import StyleTransfer
import TestSupport
import XCTest

/// `faststyle stylize` run as a user runs it (the helpers are in CommandLineTests.swift).
final class StylizeCommandTests: XCTestCase {
    private var directory: URL!
    private var model: String { path("model.h5") }

    override func setUpWithError() throws {
        directory = try temporaryFolder("stylize-cli")
        // A narrow network keeps these runs fast; the code paths are those of the default one.
        try StylizeTestSupport.writeCheckpoint(architecture: "c9s1-8,d16,d32,R32,u16,u8,c9s1-3", to: model)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func imagingFixture(_ name: String) -> String {
        TestPaths.repositoryRoot.appendingPathComponent("Tests/ImagingTests/Fixtures/\(name)").path
    }

    /// A folder of PNG and JPEG, grey, alpha and odd-sized images, a nested folder and a corrupt
    /// file: every valid image is written (as RGB, at its size), the corrupt one is named on
    /// stderr, the summary counts it, and the exit status is non-zero.
    func testAFolderOfMixedImagesWithACorruptOne() throws {
        let inputs = directory.appendingPathComponent("in")
        try FileManager.default.createDirectory(
            at: inputs.appendingPathComponent("nested"), withIntermediateDirectories: true)
        for name in ["grey8.png", "grey_alpha8.png", "rgba8.png", "baseline.jpg", "corrupt.png"] {
            try FileManager.default.copyItem(
                atPath: imagingFixture(name), toPath: inputs.appendingPathComponent(name).path)
        }
        try StylizeTestSupport.picture(width: 1, height: 23).write(
            to: inputs.appendingPathComponent("nested/strip.png").path)
        try StylizeTestSupport.picture(width: 37, height: 5).write(
            to: inputs.appendingPathComponent("nested/odd.jpg").path)

        let result = try run(["stylize", "--model", model, inputs.path, "-o", path("out")])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.error.contains("corrupt.png"), result.error)
        XCTAssertTrue(result.output.contains("6 of 7 images stylized"), result.output)
        XCTAssertTrue(result.output.contains("1 failed"), result.output)
        for name in ["grey8.png", "grey_alpha8.png", "rgba8.png", "baseline.jpg", "nested/strip.png", "nested/odd.jpg"]
        {
            let input = try Image(contentsOf: inputs.appendingPathComponent(name).path)
            let output = try Image(contentsOf: path("out/\(name)"))
            XCTAssertEqual([output.width, output.height], [input.width, input.height], name)
            XCTAssertTrue(result.output.contains("\(name)  \(input.width)x\(input.height)  forward "), result.output)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out/corrupt.png")))
    }

    /// `--strength 0` writes the input itself (8-bit PNG in, the same PNG pixels out).
    func testStrengthZeroReturnsTheInput() throws {
        let input = imagingFixture("rgb8.png")
        let result = try run(["stylize", "--model", model, input, "-o", path("same.png"), "--strength", "0"])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertEqual(try Image(contentsOf: path("same.png")), try Image(contentsOf: input))
    }

    func testSizeTilesColoursAndJPEGOutput() throws {
        let input = path("picture.png")
        try StylizeTestSupport.picture(width: 150, height: 100).write(to: input)
        let result = try run([
            "stylize", "--model", model, input, "-o", path("small.jpg"), "--size", "60", "--quality", "80",
            "--preserve-colors", "--strength", "0.7",
        ])
        XCTAssertEqual(result.status, 0, result.error)
        let small = try Image(contentsOf: path("small.jpg"))
        XCTAssertEqual([small.width, small.height], [60, 40])

        let tiled = try run(["stylize", "--model", model, input, "-o", path("tiled.png"), "--tile", "64"])
        XCTAssertEqual(tiled.status, 0, tiled.error)
        XCTAssertTrue(tiled.output.contains("tiles"), tiled.output)
        let automatic = try run([
            "stylize", "--model", model, input, "-o", path("auto.png"), "--max-untiled-pixels", "5000",
        ])
        XCTAssertTrue(automatic.output.contains("tiles"), automatic.output)
    }

    func testBadArgumentsAreClearErrors() throws {
        let input = imagingFixture("rgb8.png")
        let text = path("notes.h5")
        FileManager.default.createFile(atPath: text, contents: Data("not a model".utf8))
        try assertFails(["stylize", "--model", text, input, "-o", path("o.png")], mentioning: ["notes.h5"])
        try assertFails(
            ["stylize", "--model", path("missing.h5"), input, "-o", path("o.png")], mentioning: ["missing.h5"])
        try assertFails(
            ["stylize", "--model", try TestPaths.vggWeights(), input, "-o", path("o.png")], mentioning: ["VGG weights"])
        try assertFails(["stylize", "--model", model, input, "-o", path("o.bmp")], mentioning: ["o.bmp", ".png"])
        try assertFails(
            ["stylize", "--model", model, input, imagingFixture("grey8.png"), "-o", path("o.png")],
            mentioning: ["folder"])
        try assertFails(
            ["stylize", "--model", model, path("absent.jpg"), "-o", path("o.png")], mentioning: ["absent.jpg"])
        try assertFails(
            ["stylize", "--model", model, input, "-o", path("o.png"), "--strength", "2"], mentioning: ["--strength"])
        try assertFails(
            ["stylize", "--model", model, input, "-o", path("o.png"), "--size", "0"], mentioning: ["--size"])
        try assertFails(
            ["stylize", "--model", model, input, "-o", path("o.png"), "--quality", "101"], mentioning: ["--quality"])
    }
}
