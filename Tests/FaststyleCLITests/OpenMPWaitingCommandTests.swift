import Foundation
import TestSupport
import XCTest

/// faststyle's OpenMP threads wait passively (libgomp reports its settings as it loads, with
/// OMP_DISPLAY_ENV): the program starts again once with OMP_WAIT_POLICY set, unless the user set
/// a policy or a spin count, which it keeps.
final class OpenMPWaitingCommandTests: XCTestCase {
    /// The spin counts libgomp reported, one per time it was loaded.
    private func spinCounts(_ environment: [String: String]) throws -> [String] {
        let result = try run(["--version"], environment: environment.merging(["OMP_DISPLAY_ENV": "verbose"]) { $1 })
        XCTAssertEqual(result.status, 0, result.error)
        return result.error.split(separator: "\n").filter { $0.contains("GOMP_SPINCOUNT") }
            .map { $0.split(separator: "'").dropFirst().first.map(String.init) ?? "" }
    }

    func testThreadsWaitPassivelyUnlessTheUserChose() throws {
        if ProcessInfo.processInfo.environment["OMP_WAIT_POLICY"] == nil,
            ProcessInfo.processInfo.environment["GOMP_SPINCOUNT"] == nil
        {
            XCTAssertEqual(try spinCounts([:]).last, "0")
        }
        XCTAssertEqual(
            try spinCounts(["OMP_WAIT_POLICY": "active"]), ["30000000000"], "the user's policy, without a restart")
        XCTAssertEqual(try spinCounts(["GOMP_SPINCOUNT": "1000"]), ["1000"])
    }
}
