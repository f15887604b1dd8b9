/// One unit's activation in one channel of one image: what the patch search ranks.
import StyleTransfer
public struct UnitActivation: Equatable, Sendable {
    public let activation: Float
    /// The image's index in its collection.
    public let imageIndex: Int
    /// The unit's row and column in the layer's map.
    public let y: Int
    public let x: Int

    public init(activation: Float, imageIndex: Int, y: Int, x: Int) {
        (self.activation, self.imageIndex, self.y, self.x) = (activation, imageIndex, y, x)
    }

    /// The higher activation first; equal ones by image, row, then column, earlier first, so
    /// that ties rank the same on every run.
    public func ranks(above other: UnitActivation) -> Bool {
        if activation != other.activation { return activation > other.activation }
        return (imageIndex, y, x) < (other.imageIndex, other.y, other.x)
    }
}
