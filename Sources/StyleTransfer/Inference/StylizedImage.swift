import Imaging

/// One stylized image and what it took.
public struct StylizedImage {
    public var image: Image
    /// Seconds in the network's forward passes (with the tiles' statistics pass, if tiled).
    public var forwardSeconds: Double
    /// Tiles the image was cut into (1: one pass over the whole image).
    public var tileCount: Int
}
