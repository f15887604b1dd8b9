import Foundation
import TestSupport
import XCTest

/// The convolution choices a process measures are kept in the user's cache folder, so that the
/// next process on the machine measures nothing; a damaged or unwritable cache is warned about and
/// measured around.
final class ConvolutionChoicesCommandTests: XCTestCase {
    private var directory: URL!
    private var model: String { directory.appendingPathComponent("model.h5").path }

    override func setUpWithError() throws {
        directory = try temporaryFolder("conv-cache")
        try StylizeTestSupport.writeCheckpoint(architecture: "c9s1-8,d16,d32,R32,u16,u8,c9s1-3", to: model)
    }

    /// Stylizes a picture with the cache in `cache`, printing every measurement.
    private func stylize(cache: URL) throws -> FastStyleRun {
        let input = directory.appendingPathComponent("in.png").path
        try StylizeTestSupport.picture(width: 96, height: 64).write(to: input)
        let output = directory.appendingPathComponent("out-\(UUID().uuidString).png").path
        return try run(
            ["stylize", "--model", model, input, "-o", output],
            environment: ["XDG_CACHE_HOME": cache.path, "FASTSTYLE_CONV_VERBOSE": "1"])
    }

    private func measurements(_ run: FastStyleRun) -> Int {
        run.error.split(separator: "\n").filter { $0.hasPrefix("faststyle: ") && $0.contains(" -> ") }.count
    }

    func testASecondProcessMeasuresNothing() throws {
        let cache = directory.appendingPathComponent("cache")
        let first = try stylize(cache: cache)
        XCTAssertEqual(first.status, 0, first.error)
        XCTAssertGreaterThan(measurements(first), 0, first.error)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("faststyle").path)
        XCTAssertEqual(
            files.filter { $0.hasPrefix("convolution-choices-") && $0.hasSuffix(".json") }.count, 1, "\(files)")
        let second = try stylize(cache: cache)
        XCTAssertEqual(second.status, 0, second.error)
        XCTAssertEqual(measurements(second), 0, second.error)
    }

    func testADamagedCacheIsWarnedAboutAndReplaced() throws {
        let cache = directory.appendingPathComponent("cache")
        XCTAssertEqual(try stylize(cache: cache).status, 0)
        let folder = cache.appendingPathComponent("faststyle")
        let file = try XCTUnwrap(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".json") })
        try Data("{\"machine\": 3".utf8).write(to: folder.appendingPathComponent(file))
        let damaged = try stylize(cache: cache)
        XCTAssertEqual(damaged.status, 0, damaged.error)
        XCTAssertTrue(damaged.error.contains("Warning: ignoring the measured convolution choices in"), damaged.error)
        XCTAssertGreaterThan(measurements(damaged), 0)
        XCTAssertEqual(measurements(try stylize(cache: cache)), 0, "the damaged file was written anew")
    }

    func testAnUnwritableCacheIsWarnedAboutOnce() throws {
        let blocked = directory.appendingPathComponent("blocked")
        FileManager.default.createFile(atPath: blocked.path, contents: Data())   // a file where the folder would be
        let run = try stylize(cache: blocked)
        XCTAssertEqual(run.status, 0, run.error)
        XCTAssertEqual(
            run.error.components(separatedBy: "Warning: cannot keep the measured convolution choices").count, 2,
            run.error)
    }
}
