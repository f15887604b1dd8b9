/// Exact pixel rearrangements and range clamping.
extension Image {
    /// The rectangle at (x, y) of the given size; it must lie inside the image.
    public func cropped(x: Int, y: Int, width: Int, height: Int) -> Image {
        precondition(
            x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= self.width && y + height <= self.height,
            "crop \(width)x\(height) at (\(x), \(y)) is outside the \(self.width)x\(self.height) image")
        var pixels = [Float]()
        pixels.reserveCapacity(3 * width * height)
        for c in 0..<3 {
            for row in y..<(y + height) {
                let start = c * planeSize + row * self.width + x
                pixels.append(contentsOf: self.pixels[start..<(start + width)])
            }
        }
        return Image(width: width, height: height, pixels: pixels)
    }

    /// The mirror image (left and right swapped), e.g. for data augmentation.
    public func flippedHorizontally() -> Image {
        reoriented(.flipHorizontal)
    }

    /// The image shifted cyclically by `x` pixels right and `y` pixels down (what leaves one
    /// side comes back on the other, like NumPy's `roll`), so that shifting by (−x, −y) undoes it.
    public func rolled(x: Int, y: Int) -> Image {
        let (dx, dy) = (((x % width) + width) % width, ((y % height) + height) % height)
        if dx == 0 && dy == 0 { return self }
        var result = [Float](repeating: 0, count: pixels.count)
        for c in 0..<3 {
            for row in 0..<height {
                let source = c * planeSize + row * width
                let target = c * planeSize + ((row + dy) % height) * width
                for column in 0..<width { result[target + (column + dx) % width] = pixels[source + column] }
            }
        }
        return Image(width: width, height: height, pixels: result)
    }

    /// Each pixel repeated as a `factor`×`factor` square (nearest neighbour): small pictures,
    /// such as 3×3 filters, shown large without blurring them.
    public func enlarged(by factor: Int) -> Image {
        precondition(factor > 0, "enlargement factor must be positive, got \(factor)")
        let (outWidth, outHeight) = (width * factor, height * factor)
        var result = [Float](repeating: 0, count: 3 * outWidth * outHeight)
        for c in 0..<3 {
            for row in 0..<outHeight {
                let source = c * planeSize + (row / factor) * width
                let target = c * outWidth * outHeight + row * outWidth
                for column in 0..<outWidth { result[target + column] = pixels[source + column / factor] }
            }
        }
        return Image(width: outWidth, height: outHeight, pixels: result)
    }

    /// Every sample limited to [0, 255].
    public func clamped() -> Image {
        Image(width: width, height: height, pixels: pixels.map { min(max($0, 0), 255) })
    }

    /// The image as an 8-bit file holds it: every sample clamped to [0, 255] and rounded to the
    /// nearest integer, exactly as `write(to:)` does for PNG.
    public func quantized() -> Image {
        Image(width: width, height: height, pixels: pixels.map { (min(max($0, 0), 255) + 0.5).rounded(.down) })
    }
}
