import Foundation
import Imaging
import StyleTransfer
import TestSupport
import XCTest

/// Stylizing a list of jobs: events, failures that do not stop the others, and batches of
/// same-size images that give what single passes give.
final class StylizeQueueTests: XCTestCase {
    private var directory: URL!
    private var modelPath: String { directory.appendingPathComponent("model.h5").path }

    override func setUpWithError() throws {
        directory = try temporaryFolder("queue")
        try StylizeTestSupport.writeCheckpoint(architecture: "c9s1-8,d16,d32,R32,u16,u8,c9s1-3", to: modelPath)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func jobs(batchOf sizes: [(Int, Int)], corrupt: Bool) throws -> [StylizeJob] {
        var jobs: [StylizeJob] = []
        for (index, (width, height)) in sizes.enumerated() {
            let input = path("in\(index).png")
            try StylizeTestSupport.picture(width: width, height: height).write(to: input)
            jobs.append(StylizeJob(input: input, output: path("out/\(index).png"), name: "in\(index).png"))
        }
        if corrupt {
            FileManager.default.createFile(atPath: path("bad.png"), contents: Data("not an image".utf8))
            jobs.insert(StylizeJob(input: path("bad.png"), output: path("out/bad.png"), name: "bad.png"), at: 1)
        }
        return jobs
    }

    func testEveryJobIsReportedAndAFailureDoesNotStopTheOthers() throws {
        let jobs = try jobs(batchOf: [(20, 12), (20, 12), (9, 5)], corrupt: true)
        let queue = StylizeQueue(
            stylizer: try Stylizer(checkpoint: try Checkpoint.read(from: modelPath), path: modelPath),
            settings: StylizeSettings())
        var stylized: [String] = [], failed: [String] = []
        let summary = queue.run(jobs) { event in
            switch event {
            case let .stylized(job, result):
                stylized.append(job.name)
                XCTAssertEqual(result.tileCount, 1)
            case let .failed(job, error):
                failed.append(job.name)
                XCTAssertTrue(error.localizedDescription.contains("bad.png"), error.localizedDescription)
            case .tile:
                XCTFail("no image here is tiled")
            }
        }
        XCTAssertEqual(stylized, ["in0.png", "in1.png", "in2.png"])
        XCTAssertEqual(failed, ["bad.png"])
        XCTAssertEqual([summary.stylized, summary.failed], [3, 1])
        XCTAssertGreaterThan(summary.forwardSeconds, 0)
        XCTAssertEqual(try Image(contentsOf: path("out/2.png")).width, 9)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out/bad.png")))
    }

    func testBatchesGiveWhatSinglePassesGive() throws {
        let jobs = try jobs(batchOf: [(24, 16), (24, 16), (24, 16), (16, 24)], corrupt: false)
        var settings = StylizeSettings()
        for batchSize in [1, 2] {
            settings.batchSize = batchSize
            let queue = StylizeQueue(
                stylizer: try Stylizer(checkpoint: try Checkpoint.read(from: modelPath), path: modelPath),
                settings: settings)
            let outputs = jobs.map {
                StylizeJob(input: $0.input, output: path("batch\(batchSize)/\($0.name)"), name: $0.name)
            }
            XCTAssertEqual(queue.run(outputs).stylized, 4)
        }
        for job in jobs {
            let single = try Image(contentsOf: path("batch1/\(job.name)")),
                batched = try Image(contentsOf: path("batch2/\(job.name)"))
            XCTAssertLessThanOrEqual(zip(single.pixels, batched.pixels).map { abs($0 - $1) }.max() ?? 0, 1, job.name)
        }
    }

    func testLargeImagesReportTheirTiles() throws {
        let jobs = try jobs(batchOf: [(150, 100)], corrupt: false)
        var settings = StylizeSettings()
        settings.tileSize = 64
        var tiles: [Int] = []
        _ = StylizeQueue(
            stylizer: try Stylizer(checkpoint: try Checkpoint.read(from: modelPath), path: modelPath),
            settings: settings
        ).run(jobs) { event in
            if case let .tile(_, done, total, _) = event {
                tiles.append(done)
                XCTAssertGreaterThan(total, 1)
            }
        }
        XCTAssertEqual(tiles, Array(1...tiles.count))
        XCTAssertGreaterThan(tiles.count, 1)
    }
}
