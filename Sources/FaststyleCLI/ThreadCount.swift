import ArgumentParser

/// `--threads N`: oneDNN's OpenMP runtime reads OMP_NUM_THREADS when the program starts, so the
/// limit is applied by running this program again with it set (once).
enum ThreadCount {
    /// OpenMP's runtime crashes (SIGSEGV) when asked for 100,000 threads; far more than any
    /// machine's cores is refused instead.
    static let accepted = 1...1024

    static func validate(_ threads: Int) throws {
        guard accepted.contains(threads) else {
            throw ValidationError(
                "--threads must be between \(accepted.lowerBound) and \(accepted.upperBound), got \(threads)")
        }
    }

    static func limit(to threads: Int) throws {
        try ProgramRestart.restart(setting: ["OMP_NUM_THREADS": String(threads)], because: "--threads")
    }
}
