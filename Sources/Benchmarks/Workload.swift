/// A named benchmark, with the repetition counts of `../shared/bench/peer_torch.py`'s
/// `WORKLOADS` table (same names, same counts), so that its records and ours compare by name.
public struct Workload {
    public let name: String
    public let kind: String
    /// "WxH" (width × height) as in peer_torch.py, "0" where no image size applies.
    public let size: String
    public let batch: Int
    public let warmup: Int
    public let reps: Int
    /// Builds the workload's state, times it with the runner, and fills in the record (name,
    /// counts and memory are filled in around it).
    public typealias Measure = (inout BenchmarkRecord, BenchmarkRunner) throws -> Void
    let measure: Measure

    /// Width and height of `size`.
    public var imageSize: (width: Int, height: Int) {
        let parts = size.split(separator: "x").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : (parts.first ?? 0, parts.first ?? 0)
    }
}
