/// Mixing images: a partial effect, and the feathered assembly of overlapping tiles.
extension Image {
    /// `self` moved toward `target` (same size) by `strength` in [0, 1], per sample:
    /// self + strength · (target − self). Strength 0 returns `self` exactly, 1 returns `target`.
    public func blended(toward target: Image, strength: Float) -> Image {
        precondition(
            target.width == width && target.height == height,
            "blending needs equal sizes, got \(width)x\(height) and \(target.width)x\(target.height)")
        if strength == 0 { return self }
        if strength == 1 { return target }
        var result = self
        result.pixels.withUnsafeMutableBufferPointer { out in
            target.pixels.withUnsafeBufferPointer { t in
                for i in 0..<out.count { out[i] += strength * (t[i] - out[i]) }
            }
        }
        return result
    }
}

/// An image assembled from overlapping tiles: each tile adds weight · pixel and its weight,
/// and the result is their ratio, so overlaps fade from one tile into the next instead of
/// meeting at a hard seam. Weights are separable (one per column times one per row).
///
/// Memory: the sums (3 floats per pixel) and the weights (1 float per pixel).
public struct FeatheredCanvas {
    public let width: Int
    public let height: Int
    private var sums: [Float]
    private var weights: [Float]

    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "canvas size must be positive, got \(width)x\(height)")
        self.width = width
        self.height = height
        sums = [Float](repeating: 0, count: 3 * width * height)
        weights = [Float](repeating: 0, count: width * height)
    }

    /// Adds the part of `tile` that falls on the canvas, its top-left corner at (x, y) (which may
    /// be negative), pixel (i, j) of the tile weighted by columnWeights[i] · rowWeights[j].
    public mutating func add(_ tile: Image, x: Int, y: Int, columnWeights: [Float], rowWeights: [Float]) {
        precondition(
            columnWeights.count == tile.width && rowWeights.count == tile.height, "one weight per tile column and row")
        let left = max(x, 0), right = min(x + tile.width, width)
        let top = max(y, 0), bottom = min(y + tile.height, height)
        guard left < right, top < bottom else { return }
        let plane = width * height, tilePlane = tile.width * tile.height
        let (canvasWidth, tileWidth) = (width, tile.width)
        sums.withUnsafeMutableBufferPointer { sums in
            weights.withUnsafeMutableBufferPointer { weights in
                tile.pixels.withUnsafeBufferPointer { source in
                    for row in top..<bottom {
                        let rowWeight = rowWeights[row - y]
                        for column in left..<right {
                            let w = rowWeight * columnWeights[column - x]
                            let target = row * canvasWidth + column, from = (row - y) * tileWidth + (column - x)
                            weights[target] += w
                            for c in 0..<3 { sums[c * plane + target] += w * source[c * tilePlane + from] }
                        }
                    }
                }
            }
        }
    }

    /// The weighted average of the tiles at every pixel; every pixel must have been covered
    /// with a positive weight.
    public func image() -> Image {
        let plane = width * height
        var pixels = sums
        pixels.withUnsafeMutableBufferPointer { p in
            weights.withUnsafeBufferPointer { w in
                for i in 0..<plane {
                    precondition(w[i] > 0, "pixel \(i % width), \(i / width) is covered by no tile")
                    let inverse = 1 / w[i]
                    for c in 0..<3 { p[c * plane + i] *= inverse }
                }
            }
        }
        return Image(width: width, height: height, pixels: pixels)
    }
}
