import Foundation

/// Why an optimization cannot run or went wrong.
public struct OptimizationError: LocalizedError, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}
