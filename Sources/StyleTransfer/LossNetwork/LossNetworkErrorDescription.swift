import Foundation

// The loss network's errors in the library's one error scheme (`LocalizedError`).
extension LossNetworkError: LocalizedError {
    public var errorDescription: String? { description }
}
