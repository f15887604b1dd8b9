/// The `capacity` best-ranked units seen so far (`UnitActivation.ranks(above:)`), each with a
import StyleTransfer
/// value of the caller's (a crop), best first. Insertion into a short sorted list: the search
/// keeps a few units per channel, and most units seen are refused by one comparison.
struct BestUnits<Value> {
    let capacity: Int
    private(set) var entries: [(unit: UnitActivation, value: Value)] = []

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Whether `unit` would be kept.
    func admits(_ unit: UnitActivation) -> Bool {
        entries.count < capacity || unit.ranks(above: entries[entries.count - 1].unit)
    }

    /// Keeps `unit` if it ranks among the best, dropping the one it displaces.
    mutating func insert(_ unit: UnitActivation, _ value: @autoclosure () -> Value) {
        guard admits(unit) else { return }
        let position = entries.firstIndex { unit.ranks(above: $0.unit) } ?? entries.count
        entries.insert((unit, value()), at: position)
        if entries.count > capacity { entries.removeLast() }
    }
}
