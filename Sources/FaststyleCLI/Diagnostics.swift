import Foundation

/// Errors and warnings on stderr, each line starting as the argument parser's own do ("Error: ").
enum Diagnostics {
    static func error(_ message: String) { write("Error: \(message)") }

    /// `interrupting`: the message may arrive while a progress line is open on a terminal, so it
    /// starts on a line of its own.
    static func warning(_ message: String, interrupting: Bool = false) {
        write((interrupting && isatty(STDERR_FILENO) != 0 ? "\n" : "") + "Warning: \(message)")
    }

    private static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
