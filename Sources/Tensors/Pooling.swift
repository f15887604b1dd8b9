/// 2×2 pooling with stride 2, floor mode: an odd last row or column is dropped (as PyTorch's
/// default and Keras's "valid"). Any layout: each (sample, channel block) plane is H × W pixels
/// of B floats, pooled lane by lane; zero block padding pools to zero.
///
/// Shapes: input (N, C, H, W) → output (N, C, H/2, W/2), same layout.
public enum Pooling {
    /// The output shape of pooling an input of `shape` (rank 4).
    public static func outputShape(_ shape: [Int]) -> [Int] {
        [shape[0], shape[1], shape[2] / 2, shape[3] / 2]
    }

    /// y = the maximum of each 2×2 window of x.
    public static func maxForward(_ x: Tensor, into y: Tensor) {
        check(x, y)
        let b = x.channelBlock
        forEachWindow(large: x, small: y) { top, bottom, out in
            for j in 0..<b {
                out[j] = max(max(top[j], top[b + j]), max(bottom[j], bottom[b + j]))
            }
        }
    }

    /// dx = dy routed to the first maximum of each window (row-major order: top-left,
    /// top-right, bottom-left, bottom-right), zero elsewhere (overwrites dx). The maximum is
    /// found again from the saved input rather than kept in an index map: the recomputation
    /// costs four comparisons per output, and the layer already holds its input.
    public static func maxBackward(input x: Tensor, outputGradient dy: Tensor, into dx: Tensor) {
        check(x, dy)
        precondition(dx.shape == x.shape && dx.channelBlock == x.channelBlock, "\(dx) for input \(x)")
        dx.zero()
        let (w, b) = (x.width, x.channelBlock)
        let (src, d) = (x.data, dx.data)
        // Storage offsets of the window's four pixels from its top-left, in tie-breaking order.
        let corners = (0, b, w * b, w * b + b)
        forEachWindow(large: x, small: dy) { top, _, gradient in
            let offset = top - src
            for j in 0..<b {
                let at = offset + j
                var best = corners.0, value = src[at + corners.0]
                if src[at + corners.1] > value { best = corners.1; value = src[at + corners.1] }
                if src[at + corners.2] > value { best = corners.2; value = src[at + corners.2] }
                if src[at + corners.3] > value { best = corners.3 }
                d[at + best] = gradient[j]
            }
        }
    }

    /// y = the mean of each 2×2 window of x.
    public static func averageForward(_ x: Tensor, into y: Tensor) {
        check(x, y)
        let b = x.channelBlock
        forEachWindow(large: x, small: y) { top, bottom, out in
            for j in 0..<b {
                out[j] = 0.25 * ((top[j] + top[b + j]) + (bottom[j] + bottom[b + j]))
            }
        }
    }

    /// dx = dy / 4 spread over each window, zero in a dropped last row or column (overwrites dx).
    public static func averageBackward(outputGradient dy: Tensor, into dx: Tensor) {
        check(dx, dy)
        dx.zero()
        let b = dx.channelBlock
        forEachWindow(large: dx, small: dy) { top, bottom, gradient in
            for j in 0..<b {
                let share = 0.25 * gradient[j]
                top[j] = share
                top[b + j] = share
                bottom[j] = share
                bottom[b + j] = share
            }
        }
    }

    /// Calls `body(top, bottom, pixel)` for every pixel of `small`, planes in parallel: `top` and
    /// `bottom` point at the two rows of its 2×2 window in `large` (two pixels of B floats each),
    /// `pixel` at the pixel itself.
    private static func forEachWindow(
        large: Tensor, small: Tensor,
        _ body: (
            _ top: UnsafeMutablePointer<Float>, _ bottom: UnsafeMutablePointer<Float>,
            _ pixel: UnsafeMutablePointer<Float>
        ) -> Void
    ) {
        let (w, ow, b) = (large.width, small.width, large.channelBlock)
        let (source, target) = (large.data, small.data)
        Parallel.forEach(large.batch * large.channelBlocks, costPerItem: large.blockPlaneCount) { plane in
            for oy in 0..<small.height {
                for ox in 0..<small.width {
                    let top = source + (plane * large.height + 2 * oy) * w * b + 2 * ox * b
                    body(top, top + w * b, target + ((plane * small.height + oy) * ow + ox) * b)
                }
            }
        }
    }

    private static func check(_ x: Tensor, _ y: Tensor) {
        precondition(
            x.rank == 4 && y.shape == outputShape(x.shape) && y.channelBlock == x.channelBlock,
            "2×2 pooling of \(x) into \(y)")
    }
}
