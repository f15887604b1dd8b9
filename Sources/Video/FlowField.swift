import CKernels
import Imaging

/// Dense motion between two frames: for each pixel p of a frame, the point p + (u, v) where its
/// content was in the other frame (pixels, x right, y down).
public struct FlowField: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major planes of `width` × `height`.
    public var u: [Float]
    public var v: [Float]

    public init(width: Int, height: Int, u: [Float], v: [Float]) {
        precondition(u.count == width * height && v.count == width * height, "a flow field has one vector per pixel")
        self.width = width
        self.height = height
        self.u = u
        self.v = v
    }

    /// The field at another size, vectors scaled with it.
    public func resized(width newWidth: Int, height newHeight: Int) -> FlowField {
        if newWidth == width, newHeight == height { return self }
        var newU = [Float](repeating: 0, count: newWidth * newHeight), newV = newU
        faststyle_resize_flow(u, v, Int32(width), Int32(height), &newU, &newV, Int32(newWidth), Int32(newHeight))
        return FlowField(width: newWidth, height: newHeight, u: newU, v: newV)
    }

    /// `image` (of the other frame) sampled along the flow, so that it lines up with this frame,
    /// and per pixel 1 where the point sampled lies inside the image, else 0.
    public func warp(_ image: Image) -> (image: Image, inside: [Float]) {
        precondition(image.width == width && image.height == height, "the flow and the image have one size")
        var pixels = [Float](repeating: 0, count: image.pixels.count)
        var inside = [Float](repeating: 0, count: width * height)
        faststyle_warp(image.pixels, 3, Int32(width), Int32(height), u, v, &pixels, &inside)
        return (Image(width: width, height: height, pixels: pixels), inside)
    }

    /// The vector at pixel (x, y), the other field's at the point it leads to added: near zero
    /// where a forward and a backward flow agree.
    func roundTrip(with other: FlowField, x: Int, y: Int) -> (du: Float, dv: Float, length: Float) {
        let i = y * width + x
        let (tx, ty) = (Float(x) + u[i], Float(y) + v[i])
        let (ou, ov) = (other.sample(other.u, tx, ty), other.sample(other.v, tx, ty))
        return (u[i] + ou, v[i] + ov, u[i] * u[i] + v[i] * v[i] + ou * ou + ov * ov)
    }

    /// Bilinear sample of a plane of this field at (x, y), edges repeated.
    func sample(_ plane: [Float], _ x: Float, _ y: Float) -> Float {
        let cx = min(max(x, 0), Float(width - 1)), cy = min(max(y, 0), Float(height - 1))
        let x0 = Int(cx), y0 = Int(cy)
        let x1 = min(x0 + 1, width - 1), y1 = min(y0 + 1, height - 1)
        let fx = cx - Float(x0), fy = cy - Float(y0)
        let top = plane[y0 * width + x0] + fx * (plane[y0 * width + x1] - plane[y0 * width + x0])
        let bottom = plane[y1 * width + x0] + fx * (plane[y1 * width + x1] - plane[y1 * width + x0])
        return top + fy * (bottom - top)
    }
}
