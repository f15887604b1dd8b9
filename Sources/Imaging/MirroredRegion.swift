/// Crops that may reach beyond the image, filled by mirroring it at its edges.
extension Image {
    /// The `width` x `height` rectangle at (x, y), which may lie partly or wholly outside the
    /// image: outside pixels mirror the image at its border without repeating the edge pixel
    /// (as reflection padding does), repeatedly if the rectangle reaches further than the image
    /// is wide; a 1-pixel-wide image repeats its one column.
    ///
    /// Used to pad images to the sizes a network can take (multiples of 4, at least 8 pixels
    /// for Johnson's network) without a dark or hard border.
    public func mirroredRegion(x: Int, y: Int, width: Int, height: Int) -> Image {
        precondition(width > 0 && height > 0, "region size must be positive, got \(width)x\(height)")
        let columns = (x..<(x + width)).map { Self.mirrored($0, size: self.width) }
        let rows = (y..<(y + height)).map { Self.mirrored($0, size: self.height) }
        let plane = planeSize
        let pixels = [Float](unsafeUninitializedCapacity: 3 * width * height) { out, initialized in
            self.pixels.withUnsafeBufferPointer { source in
                var i = 0
                for c in 0..<3 {
                    for row in rows {
                        let line = source.baseAddress! + c * plane + row * self.width
                        for column in columns {
                            out[i] = line[column]
                            i += 1
                        }
                    }
                }
            }
            initialized = 3 * width * height
        }
        return Image(width: width, height: height, pixels: pixels)
    }

    /// The index inside 0..<size that `index` mirrors to (period 2·(size − 1)).
    static func mirrored(_ index: Int, size: Int) -> Int {
        guard size > 1 else { return 0 }
        let period = 2 * (size - 1)
        let folded = ((index % period) + period) % period
        return folded < size ? folded : period - folded
    }
}
