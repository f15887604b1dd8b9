import Foundation
import Imaging
import TestSupport
import XCTest

/// The network of the built-in styles that the repository ships (weights/styles.h5): it loads,
/// paints every one of its styles (each differently, none a copy of the photograph) with no
/// --model given, and a new style starts from it. It is never retrained here.
final class BuiltInStylesTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("built-in")
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private var base: String { TestPaths.repositoryFile("weights/styles.h5") }

    /// The styles `info` lists for the shipped network.
    private func styleNames() throws -> [String] {
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: base), "weights/styles.h5 is committed with the repository")
        let info = try run(["info", base])
        XCTAssertEqual(info.status, 0, info.error)
        let line = try XCTUnwrap(info.output.split(separator: "\n").first { $0.hasPrefix("styles:") })
        let listed = try XCTUnwrap(line.split(separator: ":", maxSplits: 2).last).split(separator: "(").first ?? ""
        return listed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    func testEveryBuiltInStylePaintsWithoutAModel() throws {
        let names = try styleNames()
        // Every painting that ships in datasets/styles is a built-in style.
        let paintings = try FileManager.default.contentsOfDirectory(atPath: TestPaths.repositoryFile("datasets/styles"))
            .filter { $0.hasSuffix(".jpg") }.map { String($0.dropLast(4)) }.sorted()
        XCTAssertEqual(names.sorted(), paintings)

        let photo = TestPaths.repositoryFile("datasets/val/budgie_serene.jpg")
        let original = try Image(contentsOf: photo).resized(longSide: 192).clamped()
        let small = path("photo.png")
        try original.write(to: small)
        var outputs: [String: Image] = [:]
        for name in names {
            let output = path("\(name).png")
            // No --model: the built-in network.
            let result = try run(["stylize", "--style", name, small, "-o", output])
            XCTAssertEqual(result.status, 0, result.error)
            let image = try Image(contentsOf: output)
            XCTAssertEqual([image.width, image.height], [original.width, original.height])
            // Painted: far from the photograph in colour or texture, but no blank or saturated frame.
            XCTAssertGreaterThan(meanDifference(image, original), 8, name)
            let levels = image.pixels
            let mean = levels.reduce(0, +) / Float(levels.count)
            let spread = (levels.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(levels.count)).squareRoot()
            XCTAssertGreaterThan(spread, 10, "\(name) paints a flat image")
            outputs[name] = image
        }
        // Twelve styles, twelve paintings: no two alike.
        for (i, a) in names.enumerated() {
            for b in names[(i + 1)...] {
                XCTAssertGreaterThan(meanDifference(outputs[a]!, outputs[b]!), 4, "\(a) and \(b) paint alike")
            }
        }
        let blend = path("blend.png")
        let result = try run(["stylize", "--blend", "\(names[0])=0.5,\(names[1])=0.5", small, "-o", blend])
        XCTAssertEqual(result.status, 0, result.error)
    }

    /// `--precision int8`: the built-in network's convolutions in 8-bit integers paint what float32
    /// paints, within about a level of 255 on average (measured 0.7–1.0 over 16 photographs and
    /// three styles at 512 px, docs/speed.md), and differently, so int8 did run; training refuses it.
    func testInt8PaintsWithinAboutALevelOfFloat32() throws {
        let photo = TestPaths.repositoryFile("datasets/val/budgie_serene.jpg")
        let small = path("photo.png")
        try Image(contentsOf: photo).resized(longSide: 256).clamped().write(to: small)
        var outputs: [String: Image] = [:]
        for precision in ["fp32", "int8"] {
            let output = path("\(precision).png")
            let result = try run([
                "stylize", "--style", "starry_night", small, "-o", output, "--precision", precision,
            ])
            XCTAssertEqual(result.status, 0, result.error)
            outputs[precision] = try Image(contentsOf: output)
        }
        let difference = meanDifference(outputs["int8"]!, outputs["fp32"]!)
        XCTAssertLessThan(difference, 1.5)
        XCTAssertGreaterThan(difference, 0.05, "int8 gave float32's picture: it did not run")

        let training = try run([
            "train", "--style", "datasets/styles/udnie.jpg", "--dataset", "datasets/content", "--precision", "int8",
            "--checkpoint", path("never.h5"),
        ])
        XCTAssertNotEqual(training.status, 0)
        XCTAssertTrue(training.error.contains("for stylizing only"), training.error)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("never.h5")))
    }

    /// `./train.sh`'s start: a new style from the shipped network, everything trained, 20 steps.
    func testANewStyleStartsFromTheBuiltInNetwork() throws {
        let checkpoint = path("new.h5")
        let result = try run([
            "train", "--style", "datasets/styles/udnie.jpg", "--from", base, "--train", "all",
            "--dataset", "datasets/content", "--image-size", "64", "--style-size", "128", "--batch-size", "1",
            "--iterations", "20", "--sample-every", "0", "--checkpoint", checkpoint, "--vgg",
            try TestPaths.vggWeights(),
        ])
        XCTAssertEqual(result.status, 0, result.error)
        // Udnie is one of the base's styles, so it is its own nearest.
        XCTAssertTrue(result.output.contains("udnie"), result.output)
        let info = try run(["info", checkpoint])
        XCTAssertTrue(info.output.contains("started from:   styles.h5"), info.output)
        XCTAssertTrue(info.output.contains("iteration 20 of 20"), info.output)
        XCTAssertEqual(
            try run([
                "stylize", "--model", checkpoint, TestPaths.repositoryFile("datasets/val/budgie_serene.jpg"),
                "--size", "128", "-o", path("new.png"),
            ]).status, 0)
    }

    private func meanDifference(_ a: Image, _ b: Image) -> Float {
        zip(a.pixels, b.pixels).reduce(Float(0)) { $0 + abs($1.0 - $1.1) } / Float(a.pixels.count)
    }
}
