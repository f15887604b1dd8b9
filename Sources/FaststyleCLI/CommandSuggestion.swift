/// A mistyped command ("stylise") gets the command meant, as the parser does for options.
enum CommandSuggestion {
    /// The message for `word` when it is no command of `commands` but close to one (at most two
    /// letters added, dropped, changed or swapped), nil otherwise.
    static func message(for word: String, commands: [String]) -> String? {
        guard !word.hasPrefix("-"), !commands.contains(word) else { return nil }
        let close = commands.map { ($0, distance(word.lowercased(), $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }
        guard let (command, _) = close else { return nil }
        return "unknown command '\(word)'; did you mean '\(command)'? (faststyle --help lists the commands)"
    }

    /// The optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// neighbours, each costing 1.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
