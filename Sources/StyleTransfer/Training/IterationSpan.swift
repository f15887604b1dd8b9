/// A stretch at the end of a run (the final crops, the learning rate's cooldown): a number of
/// iterations, or a share of the run's iterations. A share keeps its part of a run whose length
/// a time budget decides, on a slow machine as on a fast one.
public enum IterationSpan: Equatable, Sendable {
    case iterations(Int)
    /// A fraction of the run, in (0, 1].
    case share(Double)

    /// Its iterations in a run of `total`: at least one.
    public func count(of total: Int) -> Int {
        switch self {
        case .iterations(let n): return n
        case .share(let fraction): return max(1, Int((fraction * Double(total)).rounded()))
        }
    }

    /// The fraction of the run, if it is a share.
    public var share: Double? {
        if case .share(let fraction) = self { return fraction }
        return nil
    }
}
