import Foundation

/// Errors and warnings on stderr, each line starting as the argument parser's own do ("Error: ").
enum Diagnostics {
    static func error(_ message: String) { write("Error: \(message)") }
    static func warning(_ message: String) { write("Warning: \(message)") }

    private static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
