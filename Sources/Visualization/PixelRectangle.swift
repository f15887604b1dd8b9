/// A rectangle of pixels: columns x..<x+width, rows y..<y+height. It may reach past an image's
import StyleTransfer
/// edges (negative x or y); `clipped(width:height:)` cuts it to the image.
public struct PixelRectangle: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        (self.x, self.y, self.width, self.height) = (x, y, width, height)
    }

    /// The part inside an image of `width`×`height` (nil when none is).
    public func clipped(width imageWidth: Int, height imageHeight: Int) -> PixelRectangle? {
        let (x0, y0) = (max(x, 0), max(y, 0))
        let (x1, y1) = (min(x + width, imageWidth), min(y + height, imageHeight))
        guard x0 < x1, y0 < y1 else { return nil }
        return PixelRectangle(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < x + width && py >= y && py < y + height
    }

    /// "16×16 at (-6, 10)".
    public var description: String { "\(width)×\(height) at (\(x), \(y))" }
}
