/// Exact pixel rearrangements and range clamping.
extension Image {
    /// The rectangle at (x, y) of the given size; it must lie inside the image.
    public func cropped(x: Int, y: Int, width: Int, height: Int) -> Image {
        precondition(x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= self.width && y + height <= self.height,
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
