/// An RGB image in the program's internal form: float32, planar (channel-major, like one NCHW
/// tensor with N = 1), values nominally in [0, 255]. Channel order R, G, B.
///
/// Planar float is what the networks consume, so conversion happens once, at the file boundary.
/// Operations that can overshoot [0, 255] (Lanczos resizing, `withLuminance(of:)`) say so and do
/// not clamp; `clamped()` is the one place that does, and writing a file clamps.
public struct Image: Equatable, Sendable {
    public var width: Int
    public var height: Int
    /// Count 3 * height * width; the sample of channel c at (x, y) is at c*height*width + y*width + x.
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(width > 0 && height > 0, "Image size must be positive, got \(width)x\(height)")
        precondition(
            pixels.count == 3 * width * height,
            "Image \(width)x\(height) needs \(3 * width * height) samples, got \(pixels.count)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image with every sample of every channel equal to `fill`.
    public init(width: Int, height: Int, fill: Float) {
        self.init(width: width, height: height, pixels: [Float](repeating: fill, count: 3 * width * height))
    }

    /// Samples in one channel plane (height * width).
    var planeSize: Int { width * height }
}
