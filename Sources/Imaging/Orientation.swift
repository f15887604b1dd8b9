/// The EXIF orientation values (1...8), named by the transform that turns the stored pixels
/// into the upright picture a viewer shows.
enum Orientation: Int {
    case identity = 1
    case flipHorizontal = 2
    case rotate180 = 3
    case flipVertical = 4
    /// Mirror across the top-left to bottom-right diagonal.
    case transpose = 5
    case rotate90Clockwise = 6
    /// Mirror across the top-right to bottom-left diagonal.
    case transverse = 7
    case rotate90CounterClockwise = 8

    var swapsAxes: Bool { rawValue >= 5 }
}

extension Image {
    /// The image after applying `orientation`. Every output pixel (x, y) reads the source at
    /// origin + x * stepX + y * stepY (indices within one plane of the source), one affine map
    /// per orientation; flips and transposes are all the same loop.
    func reoriented(_ orientation: Orientation) -> Image {
        if orientation == .identity { return self }
        let w = width, h = height   // source size
        let (origin, stepX, stepY): (Int, Int, Int)
        switch orientation {
        case .identity: (origin, stepX, stepY) = (0, 1, w)
        case .flipHorizontal: (origin, stepX, stepY) = (w - 1, -1, w)
        case .rotate180: (origin, stepX, stepY) = ((h - 1) * w + w - 1, -1, -w)
        case .flipVertical: (origin, stepX, stepY) = ((h - 1) * w, 1, -w)
        case .transpose: (origin, stepX, stepY) = (0, w, 1)
        case .rotate90Clockwise: (origin, stepX, stepY) = ((h - 1) * w, -w, 1)
        case .transverse: (origin, stepX, stepY) = ((h - 1) * w + w - 1, -w, -1)
        case .rotate90CounterClockwise: (origin, stepX, stepY) = (w - 1, w, -1)
        }
        let outWidth = orientation.swapsAxes ? h : w
        let outHeight = orientation.swapsAxes ? w : h
        let plane = w * h
        let pixels = [Float](unsafeUninitializedCapacity: 3 * plane) { out, initialized in
            self.pixels.withUnsafeBufferPointer { source in
                for c in 0..<3 {
                    let sourcePlane = c * plane
                    for y in 0..<outHeight {
                        let outRow = c * plane + y * outWidth
                        var index = sourcePlane + origin + y * stepY
                        for x in 0..<outWidth {
                            out[outRow + x] = source[index]
                            index += stepX
                        }
                    }
                }
            }
            initialized = 3 * plane
        }
        return Image(width: outWidth, height: outHeight, pixels: pixels)
    }
}
