import Foundation
import StyleTransfer

/// What `compare` measured, as written to metrics.json and printed as a table.
public struct ComparisonMetrics: Codable {
    /// The measurements of one content image.
    public struct Entry: Codable, Equatable {
        public var name: String
        public var width: Int
        public var height: Int
        public var slowSeconds: Double
        public var fastSeconds: Double
        /// slowSeconds / fastSeconds.
        public var speedup: Double
        /// The losses of the two 8-bit outputs (`<name>_slow.png`, `<name>_fast.png`).
        public var slow: LossTerms
        public var fast: LossTerms
        /// The first iteration whose loss is below the network's (null if none).
        public var slowBeatsFastAtIteration: Int?
        /// The optimization's total loss after each iteration (its float iterate).
        public var slowTotalPerIteration: [Double]
        /// The network's total loss over the optimization's after 100 iterations (Johnson et al.'s
        /// yardstick; nil when fewer iterations ran).
        public var fastOverSlowAt100: Double? {
            slowTotalPerIteration.count >= 100 ? fast.total / slowTotalPerIteration[99] : nil
        }

        public init(_ result: ComparedImage) {
            name = result.name
            width = result.content.width
            height = result.content.height
            slowSeconds = result.slowSeconds
            fastSeconds = result.fastSeconds
            speedup = result.slowSeconds / max(result.fastSeconds, 1e-9)
            slow = result.slowLoss
            fast = result.fastLoss
            slowBeatsFastAtIteration = result.firstIterationBelowFast
            slowTotalPerIteration = result.history.map(\.total)
        }

        private enum CodingKeys: String, CodingKey {
            case name, width, height, slowSeconds, fastSeconds, speedup, slow, fast, slowBeatsFastAtIteration,
                slowTotalPerIteration
        }

        /// Written for the reader of metrics.json; derived, so not read back.
        private enum DerivedKeys: String, CodingKey {
            case fastOverSlowAt100
        }

        /// Synthesized, except that a missing iteration is written as null rather than left out,
        /// and the derived ratio is written too.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(width, forKey: .width)
            try c.encode(height, forKey: .height)
            try c.encode(slowSeconds, forKey: .slowSeconds)
            try c.encode(fastSeconds, forKey: .fastSeconds)
            try c.encode(speedup, forKey: .speedup)
            try c.encode(slow, forKey: .slow)
            try c.encode(fast, forKey: .fast)
            try c.encode(slowBeatsFastAtIteration, forKey: .slowBeatsFastAtIteration)
            try c.encode(slowTotalPerIteration, forKey: .slowTotalPerIteration)
            var derived = encoder.container(keyedBy: DerivedKeys.self)
            try derived.encode(fastOverSlowAt100, forKey: .fastOverSlowAt100)
        }
    }

    /// The checkpoint compared.
    public var model: String
    /// The style: the image given, or the checkpoint's record of the one it was trained on.
    public var style: String
    /// Whether the style targets were those stored in the checkpoint or computed from `style`.
    public var styleTargetsFromCheckpoint: Bool
    public var settings: ComparisonSettings
    public var images: [Entry]

    public init(
        model: String, style: String, styleTargetsFromCheckpoint: Bool, settings: ComparisonSettings,
        results: [ComparedImage]
    ) {
        self.model = model
        self.style = style
        self.styleTargetsFromCheckpoint = styleTargetsFromCheckpoint
        self.settings = settings
        images = results.map(Entry.init)
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// The table's header and rows, as cells (shared by the text table and the HTML report).
    public var tableHeader: [String] {
        [
            "image", "size", "slow s", "fast s", "speed-up", "total slow", "total fast", "content slow", "content fast",
            "style slow", "style fast", "tv slow", "tv fast", "slow < fast at", "fast ÷ slow at 100",
        ]
    }

    public var tableRows: [[String]] {
        images.map { e in
            [
                e.name, "\(e.width)×\(e.height)", String(format: "%.2f", e.slowSeconds),
                String(format: "%.3f", e.fastSeconds),
                String(format: "%.0f×", e.speedup),
            ]
                + [
                    e.slow.total, e.fast.total, e.slow.content, e.fast.content, e.slow.style, e.fast.style,
                    e.slow.totalVariation, e.fast.totalVariation,
                ].map { String(format: "%.4g", $0) }
                + [
                    e.slowBeatsFastAtIteration.map { "iteration \($0)" } ?? "never",
                    e.fastOverSlowAt100.map { String(format: "%.2f", $0) } ?? "–",
                ]
        }
    }

    /// One line over all images: mean times and speed-up, and how often the optimization won.
    public var summary: String {
        guard !images.isEmpty else { return "no images" }
        let n = Double(images.count)
        let slow = images.map(\.slowSeconds).reduce(0, +) / n, fast = images.map(\.fastSeconds).reduce(0, +) / n
        let wins = images.filter { $0.slow.total < $0.fast.total }.count
        return String(
            format: "mean over %d images: slow %.2f s, fast %.3f s, speed-up %.0f×; ", images.count, slow, fast,
            slow / max(fast, 1e-9))
            + "the optimization's final loss is lower for \(wins) of \(images.count) images, reached the network's "
            + "within "
            + "\(settings.optimization.iterations) iterations for "
            + "\(images.filter { $0.slowBeatsFastAtIteration != nil }.count)"
            + yardstick
    }

    /// Johnson et al.'s comparison of the two (their Figure 5): after how many iterations the
    /// optimization's loss first passes the network's, on average (an image where it never does
    /// counts as the iterations run), and the network's loss over the optimization's at 100.
    public var yardstick: String {
        let n = Double(images.count), iterations = settings.optimization.iterations
        let passes = images.map { Double($0.slowBeatsFastAtIteration ?? iterations) }
        var text = String(
            format: "; the optimization passes the network after %.1f iterations on average (%d–%d)",
            passes.reduce(0, +) / n, Int(passes.min()!), Int(passes.max()!))
        let ratios = images.compactMap(\.fastOverSlowAt100)
        if ratios.count == images.count {
            text += String(
                format: ", and after 100 iterations the network's loss is %.2f× the optimization's (%.2f–%.2f)",
                ratios.reduce(0, +) / n, ratios.min()!, ratios.max()!)
        }
        return text
    }

    /// The table as aligned plain text (what `compare` prints).
    public var table: String {
        let rows = [tableHeader] + tableRows
        let widths = tableHeader.indices.map { column in rows.map { $0[column].count }.max()! }
        let lines = rows.map { row in
            zip(row, widths).enumerated().map { column, cell in
                let padding = String(repeating: " ", count: cell.1 - cell.0.count)
                return column == 0 ? cell.0 + padding : padding + cell.0
            }.joined(separator: "  ")
        }
        return lines.joined(separator: "\n") + "\n" + summary + "\n"
    }
}
