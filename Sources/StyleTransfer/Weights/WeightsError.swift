import Foundation

/// A problem with a weights file or with obtaining one. The message names the file and, where
/// it applies, the layer.
public struct WeightsError: LocalizedError, CustomStringConvertible {
    public let message: String
    /// The weights file that does not exist, when that is the problem (a front end then says how
    /// to get one).
    public let missingFile: String?

    public init(_ message: String) {
        self.message = message
        missingFile = nil
    }

    private init(missing path: String) {
        message = "VGG weights not found at \(path) (a Keras VGG-16 or VGG-19 HDF5 file)"
        missingFile = path
    }

    public static func missing(_ path: String) -> WeightsError { WeightsError(missing: path) }

    public var description: String { message }
    public var errorDescription: String? { message }
}
