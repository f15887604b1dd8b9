import Foundation
import XCTest

/// What a test does when something it needs is missing: skip, or with FASTSTYLE_REQUIRE_ALL=1
/// (set by .ci/run) fail, so that CI runs every test that this machine's hardware allows.
/// Tests that need hardware the machine lacks (AVX-512) throw `XCTSkip` themselves.
public enum TestRequirement {
    public static var isStrict: Bool { ProcessInfo.processInfo.environment["FASTSTYLE_REQUIRE_ALL"] == "1" }

    /// The error to throw for want of `what`: a skip, or in strict mode a failure.
    public static func missing(_ what: String) -> Error {
        isStrict ? Missing(description: "\(what) (FASTSTYLE_REQUIRE_ALL=1: a skip is a failure)") : XCTSkip(what)
    }

    private struct Missing: LocalizedError, CustomStringConvertible {
        let description: String
        var errorDescription: String? { description }
    }
}
