/// Which input pixels one unit of a VGG ReLU layer sees: the field's side (`size`), the distance
import StyleTransfer
/// in input pixels between neighbouring units (`jump`) and where unit (0, 0) is centred.
///
/// Derived layer by layer from the network as `VGGLossNetwork` builds it (3×3 convolutions with
/// padding 1 and stride 1, a 2×2 pooling of stride 2 between blocks) by the standard recurrence,
/// for a layer of kernel k, stride s and padding p:
///
///     r_out = r_in + (k − 1)·j_in,   j_out = j_in·s,   start_out = start_in + ((k − 1)/2 − p)·j_in
///
/// starting from one input pixel (r = 1, j = 1, start = 0). Coordinates are pixel indices, so a
/// centre may fall between two pixels (x.5) after a pooling. VGG-16 gives 3 pixels at relu1_1, 14
/// at relu2_2, 40 at relu3_3, 92 at relu4_3 and 196 at relu5_3, with jumps 1, 2, 4, 8, 16.
///
/// At the borders a unit's field reaches past the image, into the convolutions' zero padding:
/// `rectangle` reports the whole field (negative coordinates, or beyond the image), `clipped`
/// only the pixels that exist. The field bounds what can influence a unit; pixels near its edge
/// reach it through few paths, and the effective field is smaller.
public struct ReceptiveField: Equatable, Sendable {
    /// The ReLU layer, e.g. `relu3_3`.
    public let layer: String
    /// Side of the square of input pixels one unit sees.
    public let size: Int
    /// Input pixels between the centres of neighbouring units (2^(block − 1)).
    public let jump: Int
    /// Centre of unit (0, 0), in input pixel indices (on both axes).
    public let start: Double
    /// Poolings between the input and the layer: its map is the input's size halved (rounding
    /// down) this many times.
    public let poolings: Int

    /// The field of `layer` (a ReLU name) in `variant`; throws `InvalidSetting(.layer, …)` for a
    /// name that is not one of its layers.
    public init(layer: String, variant: VGGVariant = .vgg16) throws {
        guard let target = variant.convolutions.first(where: { $0.reluName == layer }) else {
            throw InvalidSetting(
                .layer, layer,
                "must be a ReLU layer of \(variant) (\(variant.convolutions.map(\.reluName).joined(separator: ", ")))")
        }
        var (size, jump, start, poolings) = (1, 1, 0.0, 0)
        func apply(kernel: Int, stride: Int, padding: Int) {
            size += (kernel - 1) * jump
            start += (Double(kernel - 1) / 2 - Double(padding)) * Double(jump)
            jump *= stride
        }
        var block = 1
        for convolution in variant.convolutions {
            if convolution.block != block {
                apply(kernel: 2, stride: 2, padding: 0)
                poolings += 1
                block = convolution.block
            }
            apply(kernel: 3, stride: 1, padding: 1)
            if convolution == target { break }
        }
        self.layer = layer
        self.size = size
        self.jump = jump
        self.start = start
        self.poolings = poolings
    }

    /// Centre of unit (y, x) in input pixel indices (a half when between two pixels).
    public func center(y: Int, x: Int) -> (y: Double, x: Double) {
        (start + Double(jump * y), start + Double(jump * x))
    }

    /// Every input pixel unit (y, x) sees, including those past the image's edges.
    public func rectangle(y: Int, x: Int) -> PixelRectangle {
        let (cy, cx) = center(y: y, x: x)
        let half = Double(size - 1) / 2   // a half exactly when the centre is one: the corners are whole pixels
        return PixelRectangle(x: Int(cx - half), y: Int(cy - half), width: size, height: size)
    }

    /// The pixels of an image of `width`×`height` that unit (y, x) sees.
    public func clipped(y: Int, x: Int, width: Int, height: Int) -> PixelRectangle? {
        rectangle(y: y, x: x).clipped(width: width, height: height)
    }

    /// The units along one axis of an input `length` pixels long whose whole field lies inside
    /// it (none when the input is shorter than the field).
    public func unitsWithWholeFields(inputLength length: Int) -> Range<Int> {
        let half = Double(size - 1) / 2
        let first = Int(((half - start) / Double(jump)).rounded(.up))
        let last = min(
            Int(((Double(length - 1) - half - start) / Double(jump)).rounded(.down)), (length >> poolings) - 1)
        return max(first, 0)..<max(first, last + 1)
    }

    /// The layer's map size for an input of `width`×`height` (zero when the input is too small
    /// to reach the layer).
    public func mapSize(width: Int, height: Int) -> (width: Int, height: Int) {
        (width >> poolings, height >> poolings)
    }
}
