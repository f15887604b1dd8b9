/// How a large image is cut into overlapping square tiles for the network.
///
/// Along each axis, tiles contribute a `core` of N pixels; neighbouring cores overlap by at
/// least `overlap` pixels, where the weight of one tile fades linearly into the next. Each tile
/// is fed to the network with `margin` pixels of extra context on every side inside the image,
/// whose outputs are discarded: near a tile's edge the network sees padding, not the image.
/// At the image's own edges a tile stops, so that the network pads there exactly as in a
/// whole-image pass (reflection padding of every layer's activations, which mirrored input
/// pixels would not reproduce). Tile positions are multiples of the network's size multiple,
/// so every tile samples the image on the same grid as a whole-image pass would.
///
/// Interior tiles have one size; those along the image's edges are shorter by their missing
/// margin. Tiles are listed grouped by size, so that the network reallocates its buffers once
/// per size (at most 9), not at every change along a row.
public struct TileLayout: Equatable, Sendable {
    public struct Tile: Equatable, Sendable {
        /// The region given to the network, in image coordinates (inside the image).
        public let x: Int, y: Int, width: Int, height: Int
        /// Weight of each column and row of the network's output (0 in the margins).
        public let columnWeights: [Float], rowWeights: [Float]
    }

    public let tiles: [Tile]

    public init(width: Int, height: Int, core: Int, margin: Int, overlap: Int, alignment: Int) {
        precondition(width > 0 && height > 0 && core >= alignment && alignment > 0)
        let margin = (margin + alignment - 1) / alignment * alignment
        let overlap = min(max(overlap, 2 * alignment), core / 2)
        let columns = Self.spans(length: width, core: core, margin: margin, overlap: overlap, alignment: alignment)
        let rows = Self.spans(length: height, core: core, margin: margin, overlap: overlap, alignment: alignment)
        let all = rows.flatMap { row in
            columns.map { column in
                Tile(
                    x: column.start, y: row.start, width: column.weights.count, height: row.weights.count,
                    columnWeights: column.weights, rowWeights: row.weights)
            }
        }
        tiles = all.sorted { ($0.width, $0.height, $0.y, $0.x) < ($1.width, $1.height, $1.y, $1.x) }
    }

    /// The tiles along one axis: where each one's input starts and the weights of its positions.
    static func spans(length: Int, core: Int, margin: Int, overlap: Int, alignment: Int) -> [(
        start: Int, weights: [Float]
    )] {
        guard length > core else { return [(0, [Float](repeating: 1, count: length))] }
        // Evenly spread starts of the cores, snapped to the alignment; the last reaches the end.
        let step = core - overlap
        let count = (length - core + step - 1) / step + 1
        let last = (length - core + alignment - 1) / alignment * alignment
        var starts: [Int] = []
        for i in 0..<count {
            let even = Double(i * last) / Double(count - 1) / Double(alignment)
            starts.append(i == count - 1 ? last : Int(even.rounded()) * alignment)
        }
        var spans: [(start: Int, weights: [Float])] = []
        for (i, start) in starts.enumerated() {
            // Linear ramps over the overlaps with the previous and the next core.
            let previousEnd = i > 0 ? starts[i - 1] + core : start
            let nextStart = i < count - 1 ? starts[i + 1] : start + core
            var weights = [Float](repeating: 1, count: core)
            for p in 0..<core {
                if start + p < previousEnd {
                    weights[p] = min(weights[p], (Float(p) + 0.5) / Float(previousEnd - start))
                }
                if start + p >= nextStart {
                    weights[p] = min(weights[p], (Float(core - p) - 0.5) / Float(start + core - nextStart))
                }
            }
            // The core with its margins, cut to the image.
            let first = max(start - margin, 0), end = min(start + core + margin, length)
            var span = [Float](repeating: 0, count: end - first)
            for p in max(start, 0)..<min(start + core, length) { span[p - first] = weights[p - start] }
            spans.append((first, span))
        }
        return spans
    }
}
