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
}
