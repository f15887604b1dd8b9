/// Products of sizes that come from files and arguments, checked: a shape read from a hostile
/// file (2³¹ × 2³¹ × 4 bytes) or an absurd argument must become an error, not a trap on overflow.
public enum ElementCount {
    /// The product of `factors` (1 for none), nil if a factor is negative or the product does
    /// not fit in an `Int`.
    public static func product(_ factors: [Int]) -> Int? {
        var result = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (product, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            result = product
        }
        return result
    }

    /// The sum of `terms`, nil if a term is nil or negative or the sum overflows.
    public static func sum(_ terms: [Int?]) -> Int? {
        var result = 0
        for term in terms {
            guard let term, term >= 0 else { return nil }
            let (sum, overflow) = result.addingReportingOverflow(term)
            if overflow { return nil }
            result = sum
        }
        return result
    }
}
