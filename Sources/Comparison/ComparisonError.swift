import Foundation
import StyleTransfer

/// Why a comparison cannot be made or written; the message names the file or the problem.
public struct ComparisonError: LocalizedError, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}
