/// Durations as the command line prints them: "42s", "1m05s", "1h02m"; "?" when unknown.
enum DurationText {
    static func format(_ seconds: Double) -> String {
        // Beyond 30 million years (a checkpoint may claim anything) is not a duration to print.
        guard seconds.isFinite, seconds >= 0, seconds < 1e15 else { return "?" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h\(twoDigits(s % 3600 / 60))m" }
        if s >= 60 { return "\(s / 60)m\(twoDigits(s % 60))s" }
        return "\(s)s"
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
