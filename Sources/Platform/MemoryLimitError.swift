import Foundation

/// Work refused before it starts because it needs more memory than the machine has, e.g.
/// "the activations of a 9000×9000 image need 37.5 GiB, this machine has 21.3 GiB available".
public struct MemoryLimitError: LocalizedError, CustomStringConvertible, Equatable {
    /// What needs the memory, naming the file or the size it comes from.
    public let what: String
    /// Bytes needed; nil when the size does not even fit in 64-bit arithmetic.
    public let needed: Int?
    public let available: Int

    public init(what: String, needed: Int?, available: Int) {
        self.what = what
        self.needed = needed
        self.available = available
    }

    /// "needs 37.5 GiB, this machine has 21.3 GiB available"
    public var problem: String {
        let amount = needed.map(ByteCount.text) ?? "more than 8 EiB (its size overflows 64-bit arithmetic)"
        return "needs \(amount), this machine has \(ByteCount.text(available)) available"
    }

    public var description: String { "\(what) \(problem)" }
    public var errorDescription: String? { description }
}
