import Foundation

/// Pointwise activations and their derivatives. Any layout: they touch every stored float, and
/// the zero padding of a channel block stays zero (relu(0) = tanh(0) = 0; a tanh offset is
/// cleared from the padding again).
public enum Activation {
    /// y = max(x, 0)
    public static func relu(_ x: Tensor, into y: Tensor) {
        sameStorage(x, y)
        let (s, d) = (x.data, y.data)
        Parallel.forEachChunk(x.storageCount) { r in
            for i in r { d[i] = max(s[i], 0) }
        }
    }

    /// dx = dy · [y > 0]  (from the output, so it also serves ReLUs fused into convolutions)
    public static func reluBackward(output y: Tensor, outputGradient dy: Tensor, into dx: Tensor) {
        sameStorage(y, dy)
        sameStorage(y, dx)
        let (o, g, d) = (y.data, dy.data, dx.data)
        Parallel.forEachChunk(y.storageCount) { r in
            for i in r { d[i] = o[i] > 0 ? g[i] : 0 }
        }
    }

    /// The "redirected" ReLU gradient of feature visualization (Olah et al., Lucid): where the
    /// ReLU is off (y = 0) a gradient that would raise its input (dy > 0) still passes, so a
    /// unit that is off everywhere can be switched on by gradient ascent.
    public static func redirectedReLUBackward(output y: Tensor, outputGradient dy: Tensor, into dx: Tensor) {
        sameStorage(y, dy)
        sameStorage(y, dx)
        let (o, g, d) = (y.data, dy.data, dx.data)
        Parallel.forEachChunk(y.storageCount) { r in
            for i in r { d[i] = o[i] > 0 || g[i] > 0 ? g[i] : 0 }
        }
    }

    /// y = scale · tanh(x) + offset
    public static func tanh(_ x: Tensor, scale: Float, offset: Float, into y: Tensor) {
        sameStorage(x, y)
        let (s, d) = (x.data, y.data)
        Parallel.forEachChunk(x.storageCount) { r in
            for i in r { d[i] = scale * Foundation.tanh(s[i]) + offset }
        }
        // The block padding became `offset`; it must stay zero.
        if offset != 0 { y.zeroBlockPadding() }
    }

    /// dx = dy · scale · (1 − tanh²(x)), with tanh(x) = (y − offset) / scale.
    public static func tanhBackward(
        output y: Tensor, scale: Float, offset: Float, outputGradient dy: Tensor, into dx: Tensor
    ) {
        sameStorage(y, dy)
        sameStorage(y, dx)
        let (o, g, d) = (y.data, dy.data, dx.data)
        Parallel.forEachChunk(y.storageCount) { r in
            for i in r {
                let t = (o[i] - offset) / scale
                d[i] = g[i] * scale * (1 - t * t)
            }
        }
    }

    static func sameStorage(_ a: Tensor, _ b: Tensor) {
        precondition(a.shape == b.shape && a.channelBlock == b.channelBlock, "\(a) and \(b) differ")
    }
}
