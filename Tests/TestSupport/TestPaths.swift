import Foundation
import XCTest

/// Where tests find the repository, its fixtures and data, the VGG weights and `../shared` (the
/// data folder beside the repository on developer machines; a clean clone has only its own).
public enum TestPaths {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// A file of the repository, e.g. `datasets/val/budgie_serene.jpg`.
    public static func repositoryFile(_ relative: String) -> String {
        repositoryRoot.appendingPathComponent(relative).path
    }

    /// A file of `Tests/<target>/Fixtures`.
    public static func fixture(_ name: String, of target: String = "StyleTransferTests") -> String {
        repositoryFile("Tests/\(target)/Fixtures/\(name)")
    }

    /// The VGG-16 weights: $FASTSTYLE_VGG, weights/vgg16.h5 (where weights/fetch.sh puts them), or
    /// ../shared/weights/vgg16.h5.
    public static func vggWeights() throws -> String {
        let candidates: [String] = [
            ProcessInfo.processInfo.environment["FASTSTYLE_VGG"],
            repositoryFile("weights/vgg16.h5"),
            shared.appendingPathComponent("weights/vgg16.h5").path,
        ].compactMap { $0 }
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw TestRequirement.missing("no VGG weights (run weights/fetch.sh)")
        }
        return path
    }

    /// A photograph of the repository's validation set (768×512 and smaller exist there).
    public static let photograph = repositoryFile("datasets/val/budgie_serene.jpg")
}
