import Foundation

/// The weights of one 1-D resampling pass, computed once per output row or column.
///
/// Lanczos-3 as in Pillow's `resize(LANCZOS)`: when shrinking, the filter is stretched by the
/// shrink factor so that every source pixel contributes (antialiasing) instead of a few being
/// sampled and the rest skipped (aliasing, moiré on fine textures such as canvas).
struct ResamplingWeights {
    static let support: Double = 3

    let outputSize: Int
    /// Taps reserved per output; `weights[i * stride + k]` multiplies source `first[i] + k`.
    let stride: Int
    let first: [Int]
    let count: [Int]
    let weights: [Float]

    init(inputSize: Int, outputSize: Int) {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1)   // stretch only when shrinking
        let support = Self.support * filterScale
        let stride = Int(support.rounded(.up)) * 2 + 1
        var first = [Int](repeating: 0, count: outputSize)
        var count = [Int](repeating: 0, count: outputSize)
        var weights = [Float](repeating: 0, count: outputSize * stride)
        for i in 0..<outputSize {
            // Pixel centres are at half-integers: output i covers source [i, i + 1) * scale.
            let center = (Double(i) + 0.5) * scale
            let lower = max(Int(center - support + 0.5), 0)
            let upper = min(Int(center + support + 0.5), inputSize)
            var taps = [Double]()
            for j in lower..<upper {
                taps.append(Self.lanczos((Double(j) - center + 0.5) / filterScale))
            }
            // Normalizing makes weights sum to 1, so a flat image stays flat, even at the
            // borders where the window is cut off.
            let total = taps.reduce(0, +)
            first[i] = lower
            count[i] = taps.count
            for (k, tap) in taps.enumerated() {
                weights[i * stride + k] = Float(total != 0 ? tap / total : tap)
            }
        }
        self.outputSize = outputSize
        self.stride = stride
        self.first = first
        self.count = count
        self.weights = weights
    }

    /// sinc(x) * sinc(x / 3) on (-3, 3), zero outside.
    static func lanczos(_ x: Double) -> Double {
        if x == 0 { return 1 }
        if abs(x) >= support { return 0 }
        let px = Double.pi * x
        return support * sin(px) * sin(px / support) / (px * px)
    }
}

extension Image {
    /// The image resampled to `width` x `height` with an antialiased Lanczos-3 filter (the
    /// quality of Pillow's LANCZOS). Separable: a horizontal pass, then a vertical one.
    /// Lanczos rings slightly at hard edges, so results may leave [0, 255] by a few levels; see
    /// `clamped()`.
    public func resized(width: Int, height: Int) -> Image {
        precondition(width > 0 && height > 0, "resize target must be positive, got \(width)x\(height)")
        if width == self.width && height == self.height { return self }
        var result = self
        if width != self.width { result = result.resampledHorizontally(to: width) }
        if height != self.height { result = result.resampledVertically(to: height) }
        return result
    }

    /// The image scaled so that its longer side is `longSide` pixels, keeping the aspect ratio
    /// (the shorter side rounded to nearest, at least 1 pixel).
    public func resized(longSide: Int) -> Image {
        precondition(longSide > 0, "long side must be positive, got \(longSide)")
        let size = Image.size(width: width, height: height, resizedToLongSide: longSide)
        return resized(width: size.width, height: size.height)
    }

    /// The size `resized(longSide:)` gives an image of `width`×`height` (to check what it would
    /// need before doing it).
    public static func size(width: Int, height: Int, resizedToLongSide longSide: Int) -> (width: Int, height: Int) {
        let long = max(width, height), short = min(width, height)
        let newShort = max(1, Int((Double(short) * Double(longSide) / Double(long)).rounded()))
        return width >= height ? (longSide, newShort) : (newShort, longSide)
    }

    /// Each row, in every plane, filtered along x: out[x] = sum_k w[x, k] * in[first[x] + k].
    private func resampledHorizontally(to outWidth: Int) -> Image {
        let filter = ResamplingWeights(inputSize: width, outputSize: outWidth)
        let rows = 3 * height
        let pixels = [Float](unsafeUninitializedCapacity: rows * outWidth) { out, initialized in
            self.pixels.withUnsafeBufferPointer { source in
                filter.weights.withUnsafeBufferPointer { weights in
                    for row in 0..<rows {
                        let input = source.baseAddress! + row * width
                        let output = out.baseAddress! + row * outWidth
                        for x in 0..<outWidth {
                            let w = weights.baseAddress! + x * filter.stride
                            let start = input + filter.first[x]
                            var sum: Float = 0
                            for k in 0..<filter.count[x] {
                                sum += w[k] * start[k]
                            }
                            output[x] = sum
                        }
                    }
                }
            }
            initialized = rows * outWidth
        }
        return Image(width: outWidth, height: height, pixels: pixels)
    }

    /// Whole rows combined: out row y = sum_k w[y, k] * in row (first[y] + k). The inner loop
    /// runs along contiguous rows, so it vectorizes.
    private func resampledVertically(to outHeight: Int) -> Image {
        let filter = ResamplingWeights(inputSize: height, outputSize: outHeight)
        let inPlane = width * height, outPlane = width * outHeight
        let pixels = [Float](unsafeUninitializedCapacity: 3 * outPlane) { out, initialized in
            out.initialize(repeating: 0)
            self.pixels.withUnsafeBufferPointer { source in
                for c in 0..<3 {
                    for y in 0..<outHeight {
                        let output = out.baseAddress! + c * outPlane + y * width
                        for k in 0..<filter.count[y] {
                            let w = filter.weights[y * filter.stride + k]
                            let input = source.baseAddress! + c * inPlane + (filter.first[y] + k) * width
                            for x in 0..<width {
                                output[x] += w * input[x]
                            }
                        }
                    }
                }
            }
            initialized = 3 * outPlane
        }
        return Image(width: width, height: outHeight, pixels: pixels)
    }
}
