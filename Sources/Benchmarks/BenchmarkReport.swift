import Foundation
import Platform

/// What `--json` writes: every record, and how they were measured.
public struct BenchmarkReport: Codable {
    public var results: [BenchmarkRecord]
    public var meta: Meta

    public struct Meta: Codable {
        public var tool = "faststyle"
        public var threads = ProcessInfo.processInfo.activeProcessorCount
        public var cpu = BenchmarkReport.cpuModel()
        public var date = ISO8601DateFormatter().string(from: Date())
        public var ompNumThreads = ProcessInfo.processInfo.environment["OMP_NUM_THREADS"]
        public var flopCounting =
            "a convolution = 2 * MACs = 2 * Cin * Cout * KH * KW * Hout * Wout per image; "
            + "backward-data and backward-weights each cost the same as the forward (as peer_torch.py)"
        public init() {}

        enum CodingKeys: String, CodingKey {
            case tool, threads, cpu, date
            case ompNumThreads = "omp_num_threads"
            case flopCounting = "flop_counting"
        }
    }

    public init(results: [BenchmarkRecord], meta: Meta = Meta()) {
        self.results = results
        self.meta = meta
    }

    /// The records of a JSON file in this schema (ours or peer_torch.py's; `meta` is not read).
    public static func records(fromFile path: String) throws -> [BenchmarkRecord] {
        struct Results: Decodable { var results: [BenchmarkRecord] }
        let data = Data(try RegularFile.read(path))
        return try JSONDecoder().decode(Results.self, from: data).results
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: path)
    }

    static func cpuModel() -> String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = info.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.map {
            String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces)
        } ?? "unknown"
    }
}
