/// Which of a network's styles to paint with: one by name, or a blend whose weights are
/// normalized to sum to 1 (Dumoulin et al.'s Figure 7: the styles' scales and shifts
/// interpolated).
public struct StyleMix: Equatable, Sendable, CustomStringConvertible {
    public struct Part: Equatable, Sendable {
        public let name: String
        public let weight: Float
    }

    /// The styles and their weights (summing to 1).
    public let parts: [Part]

    /// One style.
    public init(name: String) {
        parts = [Part(name: name, weight: 1)]
    }

    /// A blend written `starry_night=0.7,great_wave=0.3`: names with weights ≥ 0, not all 0.
    public init(blend text: String) throws {
        var parts: [(String, Float)] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = item.split(separator: "=", omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty, let weight = Float(pieces[1]), weight.isFinite, weight >= 0
            else {
                throw InvalidSetting(
                    .blend, text,
                    "must be NAME=WEIGHT,NAME=WEIGHT… with weights ≥ 0 (e.g. starry_night=0.7,great_wave=0.3)")
            }
            parts.append((String(pieces[0]), weight))
        }
        let total = parts.reduce(0) { $0 + $1.1 }
        guard total > 0 else { throw InvalidSetting(.blend, text, "needs a weight above 0") }
        guard Set(parts.map(\.0)).count == parts.count else {
            throw InvalidSetting(.blend, text, "must name each style once")
        }
        self.parts = parts.map { Part(name: $0.0, weight: $0.1 / total) }
    }

    /// `name`, or `a=0.7,b=0.3`.
    public var description: String {
        parts.count == 1
            ? parts[0].name : parts.map { "\($0.name)=\(String(format: "%g", $0.weight))" }.joined(separator: ",")
    }

    /// Each part's style index among `names`, with its weight; throws for a name not there.
    func indexed(in names: [String], setting: Setting) throws -> [(style: Int, weight: Float)] {
        try parts.map { part in
            guard let index = names.firstIndex(of: part.name) else {
                throw InvalidSetting(
                    setting, part.name, "must name a style of the network: \(names.joined(separator: ", "))")
            }
            return (index, part.weight)
        }
    }
}
