import Foundation
import XCTest

extension XCTestCase {
    /// A new, empty folder for this test (`faststyle-NAME-UUID` in the system's temporary
    /// folder), removed with everything in it when the test ends. Call it in `setUpWithError`
    /// or in the test itself.
    public func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "faststyle-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
