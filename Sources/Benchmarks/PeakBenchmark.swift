import CKernels
import Foundation

/// `peak`: the machine's peak FLOP rate, from loops of nothing but fused multiply-adds on every
/// core at once (one thread per core), on 16-float AVX-512 vectors and on 8-float AVX2 vectors.
/// The headline (and "% of peak" elsewhere) is the faster of the two: on this project's AMD
/// EPYC (Zen 4, which runs a zmm FMA as two 256-bit halves) both reach the same rate, and a loop
/// slowed by other work on the machine would otherwise understate the peak (once: 197 against
/// 230 GFLOP/s in the same run).
enum PeakBenchmark {
    /// FMA-loop iterations per thread and run: 12 chains × 16 floats × 2 FLOP × 50 M ≈ 19 GFLOP
    /// per core, about 0.2 s at ~95 GFLOP/s per core.
    static let iterations = 50_000_000
    /// Independent FMA chains per loop iteration (Sources/CKernels/fma_peak.c).
    static let chains = 12

    static func measure(_ record: inout BenchmarkRecord, _ runner: BenchmarkRunner) throws {
        let flags = try cpuFlags()
        guard flags.contains("avx2"), flags.contains("fma") else { throw BenchmarkError.unsupportedCPU("AVX2 and FMA") }
        let threads = ProcessInfo.processInfo.activeProcessorCount
        // AVX2 first: after AVX-512 work the cores may stay a while at their lower AVX-512 clock.
        let avx2 = runner.time(gflop: gflop(threads: threads, lanes: 8)) {
            onEveryCore(threads) { faststyle_fma_loop_avx2(iterations, 1e-7, 0.5) }
        }
        record.gflopsAVX2 = avx2.gflopsAtMedian
        record.summary = avx2
        record.passes = ["avx2": avx2]
        if flags.contains("avx512f") {
            let avx512 = runner.time(gflop: gflop(threads: threads, lanes: 16)) {
                onEveryCore(threads) { faststyle_fma_loop_avx512(iterations, 1e-7, 0.5) }
            }
            record.gflopsAVX512 = avx512.gflopsAtMedian
            if (avx512.gflopsAtMedian ?? 0) > (avx2.gflopsAtMedian ?? 0) { record.summary = avx512 }
            record.passes?["avx512"] = avx512
        }
        record.timedRegion =
            "\(threads) threads at once, each \(iterations) iterations × \(chains) "
            + "independent vfmadd231ps chains (zmm for avx512, ymm for avx2); GFLOP/s of the whole machine"
    }

    private static func gflop(threads: Int, lanes: Int) -> Double {
        Double(threads * iterations * chains * lanes * 2) / 1e9
    }

    /// Runs `loop` once on each of `threads` threads and waits for all; keeps the loops' results
    /// so that they are not optimized away.
    private static func onEveryCore(_ threads: Int, _ loop: @escaping @Sendable () -> Float) {
        let results = UnsafeMutableBufferPointer<Float>.allocate(capacity: threads)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: threads) { i in results[i] = loop() }
        precondition(results.allSatisfy { $0.isFinite }, "FMA loop overflowed")
    }

    /// The CPU feature flags of /proc/cpuinfo ("avx2", "fma", "avx512f", …).
    private static func cpuFlags() throws -> Set<Substring> {
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        guard let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(separator: " "))
    }
}
