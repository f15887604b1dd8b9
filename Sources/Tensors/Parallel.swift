import CKernels
import Foundation

/// Data-parallel loops for the elementwise kernels, one chunk per core.
///
/// They run on the OpenMP threads oneDNN uses (see CKernels' faststyle_parallel_chunks), and
/// only between oneDNN's primitives, so no two sets of threads compete for the cores.
public enum Parallel {
    /// The cores to use: all of them, or OMP_NUM_THREADS when set (the limit oneDNN obeys too).
    public static let coreCount: Int = {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard let limit = ProcessInfo.processInfo.environment["OMP_NUM_THREADS"].flatMap(Int.init), limit > 0 else {
            return cores
        }
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
        withoutActuallyEscaping(body) { body in
            var task = ChunkTask(count: count, chunks: chunks, body: body)
            withUnsafeMutablePointer(to: &task) { task in
                faststyle_parallel_chunks(
                    chunks,
                    { context, chunk in
                        let task = context!.assumingMemoryBound(to: ChunkTask.self).pointee
                        let start = task.count * chunk / task.chunks, end = task.count * (chunk + 1) / task.chunks
                        if start < end { task.body(start..<end) }
                    }, task)
            }
        }
    }

    private struct ChunkTask {
        let count: Int
        let chunks: Int
        let body: (Range<Int>) -> Void
    }

    /// Calls `body(i)` for every i in 0..<count, chunked across cores.
    public static func forEach(_ count: Int, costPerItem: Int = 1, _ body: (Int) -> Void) {
        forEachChunk(count, costPerItem: costPerItem) { range in
            for i in range { body(i) }
        }
    }
}
