/// One line of the loss history.
public struct HistoryEntry: Codable, Equatable, Sendable {
    public var iteration: Int
    public var terms: LossTerms
    /// Seconds of training so far (over all resumed runs).
    public var seconds: Double
    /// The same loss on the validation images, where measured at this iteration.
    public var validation: LossTerms?

    public init(iteration: Int, terms: LossTerms, seconds: Double, validation: LossTerms? = nil) {
        self.iteration = iteration
        self.terms = terms
        self.seconds = seconds
        self.validation = validation
    }

    /// The columns of a history row: the checkpoint's `history` table and the CSV beside it.
    public static let columns = ["iteration", "seconds", "content", "style", "tv", "total",
                                 "val_content", "val_style", "val_tv", "val_total"]

    /// The entry as a row of `columns`, NaN where the validation loss was not measured.
    public var row: [Double] {
        let v = validation
        return [Double(iteration), seconds, terms.content, terms.style, terms.totalVariation, terms.total,
                v?.content ?? .nan, v?.style ?? .nan, v?.totalVariation ?? .nan, v?.total ?? .nan]
    }

    /// The entry a row of `columns` holds.
    public init(row r: [Double]) {
        precondition(r.count == Self.columns.count, "a history row has \(Self.columns.count) columns, got \(r.count)")
        self.init(iteration: Int(r[0]), terms: LossTerms(content: r[2], style: r[3], totalVariation: r[4], total: r[5]), seconds: r[1],
                  validation: r[9].isNaN ? nil : LossTerms(content: r[6], style: r[7], totalVariation: r[8], total: r[9]))
    }
}
