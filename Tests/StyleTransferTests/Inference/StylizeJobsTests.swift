import Foundation
import StyleTransfer
import TestSupport
import XCTest

/// Inputs and output of a stylize run mapped to jobs.
final class StylizeJobsTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("jobs")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("in/nested"), withIntermediateDirectories: true)
        for name in ["in/a.jpg", "in/nested/b.png", "c.png"] {
            try StylizeTestSupport.picture(width: 8, height: 6).write(to: path(name))
        }
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testOneFileToOneFile() throws {
        XCTAssertEqual(
            try StylizeJobs.make(inputs: [path("c.png")], output: path("out.jpg")),
            [StylizeJob(input: path("c.png"), output: path("out.jpg"), name: "c.png")])
    }

    func testFoldersKeepTheirStructureInTheOutputFolder() throws {
        let jobs = try StylizeJobs.make(inputs: [path("in"), path("c.png")], output: path("out"))
        XCTAssertEqual(jobs.map(\.name), ["a.jpg", "nested/b.png", "c.png"])
        XCTAssertEqual(jobs.map(\.output), [path("out/a.jpg"), path("out/nested/b.png"), path("out/c.png")])
    }

    func testImpossibleOutputsAreClearErrors() {
        func message(_ inputs: [String], _ output: String) -> String {
            do {
                _ = try StylizeJobs.make(inputs: inputs, output: output)
                return "no error"
            } catch {
                return error.localizedDescription
            }
        }
        XCTAssertTrue(message([path("in")], path("one.png")).contains("need an output folder"))
        XCTAssertTrue(message([path("c.png")], path("out.bmp")).contains(".png"))
        XCTAssertTrue(message([path("absent.jpg")], path("out")).contains("absent.jpg: no such file or folder"))
        XCTAssertTrue(message([path("c.png"), path("in/../c.png")], path("out")).contains("would both be written"))
    }
}
