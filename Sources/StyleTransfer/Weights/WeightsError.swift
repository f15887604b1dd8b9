import Foundation

/// A problem with a weights file or with obtaining one. The message names the file and, where
/// it applies, the layer.
public struct WeightsError: Error, CustomStringConvertible, LocalizedError {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    public var errorDescription: String? { message }
}
