import Dispatch
import Foundation

/// Data-parallel loops for the elementwise kernels, one chunk per core.
///
/// oneDNN runs its own OpenMP threads during a primitive; these loops run only between
/// primitives, so the two never compete for the cores.
public enum Parallel {
    /// The cores to use: all of them, or OMP_NUM_THREADS when set (the limit oneDNN obeys too).
    public static let coreCount: Int = {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard let limit = ProcessInfo.processInfo.environment["OMP_NUM_THREADS"].flatMap(Int.init), limit > 0 else { return cores }
        return min(cores, limit)
    }()

    /// Calls `body(range)` for disjoint ranges covering 0..<count, in parallel when the work
    /// (`count` × `costPerItem` floats touched) is big enough to pay for waking threads.
    public static func forEachChunk(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = min(coreCount, count)
        if chunks <= 1 || count * costPerItem < 32_768 {
            if count > 0 { body(0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = count * chunk / chunks, end = count * (chunk + 1) / chunks
            if start < end { body(start..<end) }
        }
    }

    /// Calls `body(i)` for every i in 0..<count, chunked across cores.
    public static func forEach(_ count: Int, costPerItem: Int = 1, _ body: (Int) -> Void) {
        forEachChunk(count, costPerItem: costPerItem) { range in
            for i in range { body(i) }
        }
    }
}
