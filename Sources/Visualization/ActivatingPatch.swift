import Imaging
import StyleTransfer

/// One of the image patches that activate a channel most: the unit, its photograph, and the
/// pixels of the unit's receptive field cut from the photograph as the network saw it (resized).
public struct ActivatingPatch: Sendable {
    public let channel: Int
    public let unit: UnitActivation
    /// The photograph's name in its collection (a relative path).
    public let imageName: String
    /// The unit's whole receptive field in the resized photograph (may reach past its edges).
    public let field: PixelRectangle
    /// `field.width`×`field.height` pixels: the resized photograph's where the field lies inside
    /// it, `ActivatingPatches.outsideColor` where it reaches past the edges.
    public let pixels: Image
}
