import Tensors

/// Mean squared error over the logical elements: L = Σ (a − b)² / count, dL/da = 2(a − b)/count.
/// Works for any layout (padded channels are zero in both tensors and add nothing).
public enum MeanSquaredError {
    public static func loss(_ a: Tensor, _ b: Tensor) throws -> Double {
        try checkSame(a, b)
        let (p, q) = (a.data, b.data)
        // Double accumulation: float32 partial sums of a large loss are noisy enough to
        // dominate finite differences and the change of loss between optimizer steps.
        var sums = SIMD4<Double>()
        let n = a.storageCount, quads = n / 4
        for i in 0..<quads {
            let k = 4 * i
            let d = SIMD4<Double>(
                Double(p[k] - q[k]), Double(p[k + 1] - q[k + 1]), Double(p[k + 2] - q[k + 2]),
                Double(p[k + 3] - q[k + 3]))
            sums += d * d
        }
        var sum = sums.sum()
        for k in (4 * quads)..<n { let d = Double(p[k] - q[k]); sum += d * d }
        return sum / Double(a.count)
    }

    /// gradient = weight · dL/da (overwritten).
    public static func gradient(_ a: Tensor, _ b: Tensor, weight: Float = 1, into gradient: Tensor) throws {
        try writeGradient(a, b, weight: weight, into: gradient, accumulating: false)
    }

    /// gradient += weight · dL/da.
    public static func accumulateGradient(_ a: Tensor, _ b: Tensor, weight: Float = 1, into gradient: Tensor) throws {
        try writeGradient(a, b, weight: weight, into: gradient, accumulating: true)
    }

    private static func writeGradient(
        _ a: Tensor, _ b: Tensor, weight: Float, into gradient: Tensor, accumulating: Bool
    ) throws {
        try checkSame(a, b)
        try checkSame(a, gradient)
        let factor = 2 * weight / Float(a.count)
        let (p, q, g) = (a.data, b.data, gradient.data)
        Parallel.forEachChunk(a.storageCount) { r in
            if accumulating {
                for k in r { g[k] += factor * (p[k] - q[k]) }
            } else {
                for k in r { g[k] = factor * (p[k] - q[k]) }
            }
        }
    }

    static func checkSame(_ a: Tensor, _ b: Tensor) throws {
        guard a.shape == b.shape, a.channelBlock == b.channelBlock else {
            throw LayerError.shapeMismatch(
                layer: "mean squared error", expected: a.shape.map(String.init).joined(separator: "×"), got: b.shape)
        }
    }
}

/// Total variation of images (N, C, H, W), plain layout:
/// TV = (1/N) Σ_n Σ_c Σ_{y,x} [(I[y, x+1] − I[y, x])² + (I[y+1, x] − I[y, x])²],
/// over every horizontally and vertically adjacent pair; summed over pixels (not normalized by
/// size, so its weight is per pixel pair, as in Johnson's code) and averaged over the batch.
public enum TotalVariation {
    public static func loss(_ image: Tensor) throws -> Double {
        try check(image)
        let (h, w) = (image.height, image.width)
        var total = 0.0
        for plane in 0..<(image.batch * image.channels) {
            let p = image.data + plane * h * w
            var sum: Double = 0
            for y in 0..<h {
                let row = p + y * w
                for x in 0..<w {
                    if x + 1 < w { let d = Double(row[x + 1] - row[x]); sum += d * d }
                    if y + 1 < h { let d = Double(row[x + w] - row[x]); sum += d * d }
                }
            }
            total += sum
        }
        return total / Double(image.batch)
    }

    /// gradient = weight · dTV/dI (overwritten).
    public static func gradient(_ image: Tensor, weight: Float = 1, into gradient: Tensor) throws {
        try check(image)
        try MeanSquaredError.checkSame(image, gradient)
        let (h, w) = (image.height, image.width)
        let factor = 2 * weight / Float(image.batch)
        Parallel.forEach(image.batch * image.channels, costPerItem: h * w) { plane in
            let p = image.data + plane * h * w, g = gradient.data + plane * h * w
            for y in 0..<h {
                for x in 0..<w {
                    let i = y * w + x
                    var d: Float = 0
                    if x + 1 < w { d -= p[i + 1] - p[i] }
                    if x > 0 { d += p[i] - p[i - 1] }
                    if y + 1 < h { d -= p[i + w] - p[i] }
                    if y > 0 { d += p[i] - p[i - w] }
                    g[i] = factor * d
                }
            }
        }
    }

    private static func check(_ image: Tensor) throws {
        guard image.rank == 4, image.channelBlock == 1 else {
            throw LayerError.shapeMismatch(
                layer: "total variation", expected: "plain N×C×H×W image", got: image.shape)
        }
    }
}
