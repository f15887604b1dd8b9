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

    /// Training seconds a checkpoint may claim: up to about 30,000 years.
    public static let seconds = 0.0...1e12

    /// The columns of a history row: the checkpoint's `history` table and the CSV beside it.
    public static let columns = [
        "iteration", "seconds", "content", "style", "tv", "total",
        "val_content", "val_style", "val_tv", "val_total",
    ]

    /// The entry as a row of `columns`, NaN where the validation loss was not measured.
    public var row: [Double] {
        let v = validation
        return [
            Double(iteration), seconds, terms.content, terms.style, terms.totalVariation, terms.total,
            v?.content ?? .nan, v?.style ?? .nan, v?.totalVariation ?? .nan, v?.total ?? .nan,
        ]
    }

    /// The entry a row of `columns` holds; throws a description of what is wrong with a row
    /// that no training run writes (a fractional or absurd iteration, infinite losses).
    public init(row r: [Double]) throws {
        guard r.count == Self.columns.count else {
            throw HistoryRowProblem("has \(r.count) columns, expected \(Self.columns.count)")
        }
        guard let iteration = Int(exactly: r[0]), SettingBounds.iterations.contains(iteration) || iteration == 0 else {
            throw HistoryRowProblem(
                "iteration \(r[0]) is not a whole number between 0 and \(SettingBounds.iterations.upperBound)")
        }
        guard Self.seconds.contains(r[1]) else {
            throw HistoryRowProblem("seconds \(r[1]) is not between 0 and \(Self.seconds.upperBound)")
        }
        guard r[2...5].allSatisfy(\.isFinite) else { throw HistoryRowProblem("has a loss that is NaN or infinite") }
        let validation = r[6...9]
        guard validation.allSatisfy(\.isNaN) || validation.allSatisfy(\.isFinite) else {
            throw HistoryRowProblem("has a validation loss that is partly missing or infinite")
        }
        self.init(
            iteration: iteration, terms: LossTerms(content: r[2], style: r[3], totalVariation: r[4], total: r[5]),
            seconds: r[1],
            validation: r[9].isNaN ? nil : LossTerms(content: r[6], style: r[7], totalVariation: r[8], total: r[9]))
    }
}

/// What is wrong with a row of a checkpoint's history (the checkpoint names the file).
struct HistoryRowProblem: Error {
    let text: String
    init(_ text: String) { self.text = text }
}
