import Foundation

/// A stylization failure, described for the user as it is.
public struct StylizeError: LocalizedError, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}
