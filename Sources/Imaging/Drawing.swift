/// An RGB colour, samples in [0, 255].
public struct Color: Equatable, Sendable {
    public var red: Float
    public var green: Float
    public var blue: Float

    public init(red: Float, green: Float, blue: Float) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public static let white = Color(red: 255, green: 255, blue: 255)
    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let grey = Color(red: 128, green: 128, blue: 128)
}

/// Simple drawing into an image (for labelled panels): rectangles, other images, text in the
/// built-in `BitmapFont`. Everything is clipped to the image.
extension Image {
    /// Fills the rectangle at (x, y) of the given size.
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, color: Color) {
        let (x0, y0) = (max(x, 0), max(y, 0))
        let (x1, y1) = (min(x + width, self.width), min(y + height, self.height))
        guard x0 < x1, y0 < y1 else { return }
        for (c, value) in [color.red, color.green, color.blue].enumerated() {
            for row in y0..<y1 {
                let start = c * planeSize + row * self.width
                for column in x0..<x1 { pixels[start + column] = value }
            }
        }
    }

    /// Copies `image` with its top-left corner at (x, y).
    public mutating func draw(_ image: Image, x: Int, y: Int) {
        let (x0, y0) = (max(x, 0), max(y, 0))
        let (x1, y1) = (min(x + image.width, width), min(y + image.height, height))
        guard x0 < x1, y0 < y1 else { return }
        for c in 0..<3 {
            for row in y0..<y1 {
                let target = c * planeSize + row * width
                let source = c * image.planeSize + (row - y) * image.width - x
                for column in x0..<x1 { pixels[target + column] = image.pixels[source + column] }
            }
        }
    }

    /// Draws `text` in the 5×7 bitmap font, each font pixel a `scale`×`scale` square, with the
    /// top-left corner of the first character at (x, y).
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 1, color: Color = .black) {
        for (index, character) in text.enumerated() {
            let left = x + index * BitmapFont.advance * scale
            for (row, bits) in BitmapFont.rows(of: character).enumerated() {
                for column in 0..<BitmapFont.glyphWidth where bits & (0x10 >> UInt8(column)) != 0 {
                    fill(x: left + column * scale, y: y + row * scale, width: scale, height: scale, color: color)
                }
            }
        }
    }
}
