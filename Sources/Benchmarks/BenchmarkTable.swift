import Foundation

/// The lines `faststyle bench` prints: one block per record as workloads finish, and the
/// side-by-side ratios against a peer's records (peer_torch.py) of the same names.
public enum BenchmarkTable {
    /// Lines for one record. `peak` is the machine's measured FMA-loop GFLOP/s (PeakBenchmark), if known.
    public static func lines(for record: BenchmarkRecord, peak: Double?) -> [String] {
        var lines: [String] = []
        var head = record.workload.padding(toLength: 14, withPad: " ", startingAt: 0)
        if let s = record.summary {
            head += " median \(milliseconds(s.secondsMedian)) min \(milliseconds(s.secondsMin))"
            if let g = s.gflopsAtMedian { head += "  \(format(g, 6, 1)) GFLOP/s \(percent(g, of: peak))" }
        }
        if let rss = record.maxRSSMegabytes { head += "  maxrss \(format(rss, 5, 0)) MB" }
        if let noise = record.noiseFraction { head += "  foreign CPU \(format(100 * noise, 3, 0))%" }
        lines.append(head)
        if let avx512 = record.gflopsAVX512 { lines.append("    FMA loop, all cores: AVX-512 (zmm) \(format(avx512, 6, 1)) GFLOP/s") }
        if let avx2 = record.gflopsAVX2 { lines.append("    FMA loop, all cores: AVX2 (ymm)    \(format(avx2, 6, 1)) GFLOP/s") }
        if record.kind != "peak", let passes = record.passes {
            for name in passes.keys.sorted(by: passOrder) {
                let p = passes[name]!
                var line = "    \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) median \(milliseconds(p.secondsMedian))"
                    + " min \(milliseconds(p.secondsMin))"
                if let g = p.gflopsAtMedian { line += "  \(format(g, 6, 1)) GFLOP/s \(percent(g, of: peak))" }
                if let impl = record.implementations?[name] { line += "  [\(impl)]" }
                lines.append(line)
            }
        }
        if let region = record.timedRegion { lines.append("    timed: \(region)") }
        return lines
    }

    /// Ratios of `ours` against `theirs` for every workload in both: GFLOP/s ours ÷ theirs and
    /// time theirs ÷ ours (> 1: faststyle is faster), for the headline and each common pass.
    public static func comparison(ours: [BenchmarkRecord], theirs: [BenchmarkRecord], peerName: String) -> [String] {
        let peers = Dictionary(theirs.map { ($0.workload, $0) }, uniquingKeysWith: { _, last in last })
        var lines = ["side by side with \(peerName) (same machine, same run; > 1 means faststyle is faster):",
                     "  workload       pass           faststyle GFLOP/s  \(peerName) GFLOP/s   GFLOP/s ours÷theirs  time theirs÷ours"]
        for record in ours {
            guard let peer = peers[record.workload] else { continue }
            var rows: [(String, TimingSummary, TimingSummary)] = []
            if let a = record.summary, let b = peer.summary { rows.append(("(whole)", a, b)) }
            for name in (record.passes ?? [:]).keys.sorted(by: passOrder) {
                if let a = record.passes?[name], let b = peer.passes?[name] { rows.append((name, a, b)) }
            }
            for (pass, a, b) in rows {
                var line = "  " + record.workload.padding(toLength: 14, withPad: " ", startingAt: 0) + " "
                    + pass.padding(toLength: 14, withPad: " ", startingAt: 0)
                line += " " + (a.gflopsAtMedian.map { format($0, 17, 1) } ?? String(repeating: " ", count: 16) + "–")
                line += " " + (b.gflopsAtMedian.map { format($0, 17, 1) } ?? String(repeating: " ", count: 16) + "–")
                if let x = a.gflopsAtMedian, let y = b.gflopsAtMedian { line += "  " + format(x / y, 19, 2) }
                else { line += String(repeating: " ", count: 20) + "–" }
                line += "  " + format(b.secondsMedian / a.secondsMedian, 16, 2)
                lines.append(line)
            }
        }
        if lines.count == 2 { lines.append("  (no workload in common)") }
        lines.append("  (medians; for conv the peer gives passes only, so there is no \"(whole)\" row)")
        return lines
    }

    private static let passRank = ["fwd": 0, "bwd_data": 1, "bwd_weights": 2, "avx512": 3, "avx2": 4]
    private static func passOrder(_ a: String, _ b: String) -> Bool {
        (passRank[a] ?? 9, a) < (passRank[b] ?? 9, b)
    }

    private static func milliseconds(_ seconds: Double) -> String { format(seconds * 1e3, 9, 2) + " ms" }

    private static func percent(_ gflops: Double, of peak: Double?) -> String {
        guard let peak, peak > 0 else { return "(   –% of peak)" }
        return "(" + format(100 * gflops / peak, 4, 0) + "% of peak)"
    }

    static func format(_ value: Double, _ width: Int, _ decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
