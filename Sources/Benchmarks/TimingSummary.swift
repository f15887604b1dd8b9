/// Times of one timed region and what they come to, in the JSON schema of
/// `../shared/bench/peer_torch.py` (its `summarize`), so that records compare by name.
public struct TimingSummary: Codable, Equatable {
    /// Seconds of every timed repetition, in order (warm-up runs excluded).
    public var times: [Double]
    public var secondsMedian: Double
    public var secondsMin: Double
    /// Convolution GFLOP (2 × multiply-adds) per repetition ÷ seconds; nil when not counted.
    public var gflopsAtMedian: Double?
    public var gflopsAtMin: Double?

    /// Summarizes `times` (at least one); `gflop` is the work of one repetition.
    public init(times: [Double], gflop: Double? = nil) {
        precondition(!times.isEmpty, "no timed repetitions")
        let sorted = times.sorted()
        let middle = sorted.count / 2
        self.times = times
        secondsMin = sorted[0]
        secondsMedian = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        if let gflop, gflop > 0 {
            gflopsAtMedian = gflop / secondsMedian
            gflopsAtMin = gflop / secondsMin
        }
    }

    enum CodingKeys: String, CodingKey {
        case times = "times_s"
        case secondsMedian = "sec_median"
        case secondsMin = "sec_min"
        case gflopsAtMedian = "gflops_at_median"
        case gflopsAtMin = "gflops_at_min"
    }
}
