/// The processes that train one network together, and the few collective operations
/// data-parallel training needs. Every process of the group must call each operation, in the
/// same order; each returns once all have contributed, with the same result everywhere.
public protocol ProcessGroup: AnyObject {
    /// This process's number, 0..<size; rank 0 writes the files and prints.
    var rank: Int { get }
    var size: Int { get }
    /// The machine this process runs on, for messages.
    var host: String { get }
    /// Replaces `values` by their sum over the processes (in place; fp32).
    func sumInPlace(_ values: UnsafeMutableBufferPointer<Float>)
    /// The sums over the processes of `values` (fp64).
    func sum(_ values: [Double]) -> [Double]
    /// Every process's `value`, by rank.
    func gather(_ value: UInt64) -> [UInt64]
    /// Seconds spent in `sumInPlace` so far: summing, and before that waiting for the slowest
    /// process to arrive (measured apart, so that the allreduce's own cost is known).
    var reductionSeconds: Double { get }
    var waitingSeconds: Double { get }
}

extension ProcessGroup {
    /// This process's contiguous share of `count` items: ⌊count·rank/size⌋ ..< ⌊count·(rank+1)/size⌋.
    /// When `size` does not divide `count`, shares differ by one item; they are empty when
    /// `count` < `size`.
    public func share(of count: Int) -> Range<Int> {
        count * rank / size..<count * (rank + 1) / size
    }

    public var isDistributed: Bool { size > 1 }

    /// "rank 1 of 4 (node7)", for messages.
    public var name: String { "rank \(rank) of \(size) (\(host))" }
}
