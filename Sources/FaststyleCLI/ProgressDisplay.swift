import Foundation

/// Progress of long work: one line rewritten in place on a terminal, plain lines when the
/// output is piped or logged.
struct ProgressDisplay {
    let isTerminal = isatty(STDOUT_FILENO) != 0
    private var lineIsOpen = false

    /// Shows `text`; `permanent` keeps it (a plain line) even on a terminal.
    mutating func show(_ text: String, permanent: Bool) {
        if isTerminal {
            print("\r\u{1B}[2K" + text, terminator: permanent ? "\n" : "")
            lineIsOpen = !permanent
        } else if permanent {
            print(text)
        }
        fflush(stdout)
    }

    /// Ends an open in-place line before other output.
    mutating func finish() {
        if lineIsOpen { print("") }
        lineIsOpen = false
    }

    /// "1m05s", "42s", "1h02m".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
        if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return "\(s)s"
    }
}
