import Foundation

extension Image {
    /// The image convolved with a Gaussian of standard deviation `sigma` pixels (separable, a
    /// kernel of ±3σ normalized to sum 1, borders mirrored so a flat image stays flat). Values
    /// are not clamped; `sigma` ≤ 0 returns the image as it is.
    public func blurred(sigma: Double) -> Image {
        guard sigma > 0 else { return self }
        let radius = max(1, Int((3 * sigma).rounded(.up)))
        var kernel = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        var horizontal = [Float](repeating: 0, count: pixels.count)
        for plane in 0..<(3 * height) {
            let row = plane * width
            for x in 0..<width {
                var sum: Float = 0
                for (k, weight) in kernel.enumerated() {
                    sum += weight * pixels[row + Self.mirrored(x + k - radius, count: width)]
                }
                horizontal[row + x] = sum
            }
        }
        var result = [Float](repeating: 0, count: pixels.count)
        for c in 0..<3 {
            for y in 0..<height {
                for x in 0..<width {
                    var sum: Float = 0
                    for (k, weight) in kernel.enumerated() {
                        sum +=
                            weight
                            * horizontal[c * planeSize + Self.mirrored(y + k - radius, count: height) * width + x]
                    }
                    result[c * planeSize + y * width + x] = sum
                }
            }
        }
        return Image(width: width, height: height, pixels: result)
    }

    /// Index `i` reflected into 0..<count (…, 2, 1, 0, 1, 2, …, n−1, n−2, …), for any `i`.
    private static func mirrored(_ i: Int, count: Int) -> Int {
        guard count > 1 else { return 0 }
        let period = 2 * (count - 1)
        let folded = ((i % period) + period) % period
        return folded < count ? folded : period - folded
    }
}
