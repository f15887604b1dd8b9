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
            if let g = s.gflopsAtMedian { head += "  \(format(g, 6, 1)) \(rateUnit(record)) \(percent(g, of: peak))" }
        }
        if let rss = record.maxRSSMegabytes { head += "  maxrss \(format(rss, 5, 0)) MB" }
        if let noise = record.noiseFraction { head += "  foreign CPU \(format(100 * noise, 3, 0))%" }
        lines.append(head)
        if let avx512 = record.gflopsAVX512 {
            lines.append("    FMA loop, all cores: AVX-512 (zmm) \(format(avx512, 6, 1)) GFLOP/s")
        }
        if let avx2 = record.gflopsAVX2 {
            lines.append("    FMA loop, all cores: AVX2 (ymm)    \(format(avx2, 6, 1)) GFLOP/s")
        }
        if record.kind != "peak", let passes = record.passes {
            for name in passes.keys.sorted(by: passOrder) {
                let p = passes[name]!
                var line =
                    "    \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) median "
                    + "\(milliseconds(p.secondsMedian))"
                    + " min \(milliseconds(p.secondsMin))"
                if let g = p.gflopsAtMedian {
                    line += "  \(format(g, 6, 1)) \(rateUnit(record)) \(percent(g, of: peak))"
                }
                if let impl = record.implementations?[name] { line += "  [\(impl)]" }
                lines.append(line)
            }
        }
        for (name, ratio) in (record.ratios ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append("    \(name): \(format(ratio, 5, 2))×")
        }
        if let fps = record.framesPerSecond {
            lines.append("    \(record.batch) frames: \(format(fps, 5, 1)) frames per second")
        }
        if let region = record.timedRegion { lines.append("    timed: \(region)") }
        return lines
    }

    /// Times of `ours` against `theirs` for every workload of the same kind and size, including
    /// the peer's variants of it (`train_lean:`, `train_bf16:`, `stylize_bf16:` …): time theirs ÷
    /// ours (> 1: faststyle is faster) for the headline and each common pass, and peak memory.
    /// Rates are not compared: ours may be effective (Winograd, bfloat16) and the peer's `train:`
    /// counts work ours does not do.
    public static func comparison(ours: [BenchmarkRecord], theirs: [BenchmarkRecord], peerName: String) -> [String] {
        var lines = [
            "side by side with \(peerName) (same machine, same run, same threads; time ratio > 1: faststyle is "
                + "faster):",
            "  workload           \(peerName.padding(toLength: 22, withPad: " ", startingAt: 0)) pass          "
                + "faststyle      \(peerName.padding(toLength: 14, withPad: " ", startingAt: 0)) time theirs÷ours   "
                + "maxrss ours / theirs",
        ]
        for record in ours {
            let parts = record.workload.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let names = ["", "_lean", "_bf16", "_cl"].map { "\(parts[0])\($0):\(parts[1])" }
            for peer in theirs where names.contains(peer.workload) {
                var rows: [(String, TimingSummary, TimingSummary)] = []
                if let a = record.summary, let b = peer.summary { rows.append(("(whole)", a, b)) }
                for name in (record.passes ?? [:]).keys.sorted(by: passOrder) {
                    if let a = record.passes?[name], let b = peer.passes?[name] { rows.append((name, a, b)) }
                }
                for (pass, a, b) in rows {
                    var line =
                        "  " + record.workload.padding(toLength: 18, withPad: " ", startingAt: 0) + " "
                        + peer.workload.padding(toLength: 22, withPad: " ", startingAt: 0) + " "
                        + pass.padding(toLength: 12, withPad: " ", startingAt: 0)
                    line +=
                        seconds(a.secondsMedian) + "   " + seconds(b.secondsMedian)
                        + format(b.secondsMedian / a.secondsMedian, 17, 2)
                    if pass == "(whole)", let m = record.maxRSSMegabytes, let n = peer.maxRSSMegabytes {
                        line += "   \(format(m, 6, 0)) / \(format(n, 6, 0)) MB"
                    }
                    lines.append(line)
                }
            }
        }
        if lines.count == 2 { lines.append("  (no workload in common)") }
        lines.append("  (medians; for conv the peer gives passes only, so there is no \"(whole)\" row)")
        return lines
    }

    /// "eff. GFLOP/s" where convolutions may have done fewer or cheaper multiplies than counted.
    private static func rateUnit(_ record: BenchmarkRecord) -> String {
        record.effectiveGFLOPs == true ? "eff. GFLOP/s" : "GFLOP/s"
    }

    private static func seconds(_ value: Double) -> String { format(value, 10, 4) + " s" }

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
