import Foundation
@testable import Benchmarks
import XCTest

/// The benchmark records and registry; no timings here (performance targets never live in tests).
final class BenchmarkTests: XCTestCase {
    func testRecordEncodesWithPeerTorchKeys() throws {
        var record = BenchmarkRecord(workload: "conv:64x64", kind: "conv", size: "64x64", batch: 4, warmup: 3, reps: 3)
        let pass = TimingSummary(times: [0.3, 0.1, 0.2], gflop: 1.2)
        record.summary = pass
        record.passes = ["fwd": pass, "bwd_data": pass, "bwd_weights": pass]
        record.implementations = ["fwd": "jit:avx512_core"]
        record.maxRSSMegabytes = 64
        record.gflopsAVX512 = 280
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as! [String: Any]
        for key in [
            "workload", "sec_median", "sec_min", "times_s", "gflops_at_median", "gflops_at_min",
            "maxrss_mb", "passes", "implementations", "gflops_avx512",
        ] {
            XCTAssertNotNil(json[key], key)
        }
        XCTAssertNil(json["gflops_avx2"], "absent values are left out")
        let passes = json["passes"] as! [String: [String: Any]]
        XCTAssertEqual(Set(passes.keys), ["fwd", "bwd_data", "bwd_weights"])
        XCTAssertEqual(passes["fwd"]?["sec_median"] as? Double, 0.2)
        XCTAssertEqual(passes["fwd"]?["sec_min"] as? Double, 0.1)
        XCTAssertEqual(passes["fwd"]?["gflops_at_median"] as! Double, 6, accuracy: 1e-12)
        XCTAssertEqual(try JSONDecoder().decode(BenchmarkRecord.self, from: JSONEncoder().encode(record)), record)
    }

    func testDecodesPeerTorchRecord() throws {
        let peer = """
            {"results": [{"workload": "conv:64x64", "kind": "conv", "size": "64x64", "batch": 4, "warmup": 3,
             "reps": 10, "threads": 2, "rss_after_import_mb": 300.5, "maxrss_mb": 870.0,
             "passes": {"fwd": {"times_s": [0.03, 0.04], "sec_min": 0.03, "sec_median": 0.035,
                                "gflops_at_min": 150.0, "gflops_at_median": 130.0}},
             "noise_fraction": 0.0, "attempts": [{"sec_min": null}]}],
             "meta": {"torch": "2.15", "threads": 2}}
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID()).json").path
        try Data(peer.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let records = try BenchmarkReport.records(fromFile: path)
        XCTAssertEqual(records.first?.workload, "conv:64x64")
        XCTAssertNil(records.first?.summary)
        XCTAssertEqual(records.first?.passes?["fwd"]?.gflopsAtMedian, 130)
    }

    func testRegistryRejectsUnknownNamesAndListsValidOnes() {
        XCTAssertThrowsError(try WorkloadRegistry.resolve(["conv:65x65"])) { error in
            guard case let BenchmarkError.unknownWorkload(name, valid) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "conv:65x65")
            XCTAssertTrue(valid.contains("conv:64x64") && valid.contains("peak"))
        }
        XCTAssertThrowsError(try BenchmarkRunner.measure(workloadNamed: "nope", vggWeightsPath: "unused.h5"))
    }

    func testRegistryMatchesPeerNamesAndCounts() throws {
        XCTAssertEqual(try WorkloadRegistry.resolve(["conv"]).map(\.name), ["conv:64x64", "conv:128x128"])
        let conv = try XCTUnwrap(WorkloadRegistry.all.first { $0.name == "conv:128x128" })
        XCTAssertEqual([conv.batch, conv.warmup, conv.reps], [4, 3, 7])
        XCTAssertEqual(conv.imageSize.width, 128)
        XCTAssertEqual(
            try WorkloadRegistry.resolve(["stylize"]).map(\.name),
            ["stylize:256x256", "stylize:512x512", "stylize:1024x1024", "stylize:1920x1080"])
        XCTAssertEqual(BenchmarkRunner(workload: conv, repsScale: 0.1, vggWeightsPath: "unused.h5").reps, 3)
    }
}
