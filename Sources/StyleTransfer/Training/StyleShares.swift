/// How often a multi-style run draws each style, as `faststyle train --style-shares` gives it:
/// `starry_night=3,bedroom_in_arles=2` — whole numbers, the styles not named drawing 1. A style
/// of share 3 is stylized in three times as many training images as one of share 1
/// (`StyleSchedule`): the way to spend more of a run on the styles that lag.
public struct StyleShares: Sendable {
    public let named: [(name: String, share: Int)]

    /// The largest share: a round of the schedule holds every style its share times.
    public static let limit = 100

    public init(_ text: String) throws {
        var named: [(String, Int)] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = item.split(separator: "=", omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty, let share = Int(pieces[1]), (1...Self.limit).contains(share)
            else {
                throw InvalidSetting(
                    .styleShares, text,
                    "must be NAME=N,NAME=N… with whole numbers from 1 to \(Self.limit) (e.g. starry_night=3)")
            }
            named.append((String(pieces[0]), share))
        }
        guard Set(named.map(\.0)).count == named.count else {
            throw InvalidSetting(.styleShares, text, "must name each style once")
        }
        self.named = named
    }

    /// One share per style of `names`, in their order (1 for a style not named); throws for a
    /// name that is not a style of the network.
    public func shares(for names: [String]) throws -> [Int] {
        var shares = [Int](repeating: 1, count: names.count)
        for (name, share) in named {
            guard let index = names.firstIndex(of: name) else {
                throw InvalidSetting(
                    .styleShares, name, "must name a style of the network: \(names.joined(separator: ", "))")
            }
            shares[index] = share
        }
        return shares
    }
}
