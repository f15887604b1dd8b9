import Foundation

/// Why a checkpoint cannot be read or used; the message names the file and the problem.
public struct CheckpointError: LocalizedError, CustomStringConvertible {
    public let path: String
    public let problem: String
    /// The file holds the loss network's VGG weights (a common slip for a checkpoint).
    public let holdsVGGWeights: Bool

    init(_ path: String, _ problem: String, holdsVGGWeights: Bool = false) {
        self.path = path
        self.problem = problem
        self.holdsVGGWeights = holdsVGGWeights
    }

    public var description: String { "\(path): \(problem)" }
    public var errorDescription: String? { description }
}
