import Foundation
import XCTest

/// Where tests find the repository, its fixtures, the VGG weights and `../shared` (the data
/// folder beside the repository on developer machines and CI; tests that need it skip without).
enum TestPaths {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static func fixture(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Tests/StyleTransferTests/Fixtures/\(name)").path
    }

    static func sharedFile(_ relative: String) -> String { shared.appendingPathComponent(relative).path }

    /// The VGG-16 weights: $FASTSTYLE_VGG, weights/vgg16.h5, or ../shared/weights/vgg16.h5.
    static func vggWeights() throws -> String {
        let candidates: [String] = [ProcessInfo.processInfo.environment["FASTSTYLE_VGG"],
                                    repositoryRoot.appendingPathComponent("weights/vgg16.h5").path,
                                    sharedFile("weights/vgg16.h5")].compactMap { $0 }
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw XCTSkip("no VGG weights (run weights/fetch.sh)")
        }
        return path
    }
}
