/// Means over square windows of a plane, in time independent of the window (running sums).
enum BoxFilter {
    /// Each pixel's mean over the window of 2 × radius + 1 pixels a side around it, cut at the edges.
    static func mean(_ plane: [Float], width: Int, height: Int, radius: Int) -> [Float] {
        var rows = [Float](repeating: 0, count: plane.count)
        for y in 0..<height {
            var sum: Float = 0
            let base = y * width
            for x in 0..<min(radius, width) { sum += plane[base + x] }
            for x in 0..<width {
                if x + radius < width { sum += plane[base + x + radius] }
                if x - radius - 1 >= 0 { sum -= plane[base + x - radius - 1] }
                rows[base + x] = sum / Float(min(x + radius, width - 1) - max(x - radius, 0) + 1)
            }
        }
        var result = [Float](repeating: 0, count: plane.count)
        for x in 0..<width {
            var sum: Float = 0
            for y in 0..<min(radius, height) { sum += rows[y * width + x] }
            for y in 0..<height {
                if y + radius < height { sum += rows[(y + radius) * width + x] }
                if y - radius - 1 >= 0 { sum -= rows[(y - radius - 1) * width + x] }
                result[y * width + x] = sum / Float(min(y + radius, height - 1) - max(y - radius, 0) + 1)
            }
        }
        return result
    }
}
