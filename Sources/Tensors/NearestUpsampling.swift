/// Nearest-neighbour upsampling ×2: each pixel becomes a 2×2 block. Any layout: each
/// (sample, channel block) plane is H × W pixels of B floats, copied B floats at a time.
///
/// Shapes: input (N, C, H, W) → output (N, C, 2H, 2W), same layout.
public enum NearestUpsampling {
    public static func outputShape(_ shape: [Int]) -> [Int] {
        [shape[0], shape[1], 2 * shape[2], 2 * shape[3]]
    }

    /// y[2i + a, 2j + b] = x[i, j] for a, b in {0, 1}.
    public static func forward(_ x: Tensor, into y: Tensor) {
        check(x, y)
        let (h, w, b) = (x.height, x.width, x.channelBlock)
        let (src, dst) = (x.data, y.data)
        Parallel.forEach(x.batch * x.channelBlocks, costPerItem: 4 * x.blockPlaneCount) { plane in
            for iy in 0..<h {
                let row = src + (plane * h + iy) * w * b
                let out = dst + (plane * 2 * h + 2 * iy) * 2 * w * b
                for ix in 0..<w {
                    (out + 2 * ix * b).update(from: row + ix * b, count: b)
                    (out + (2 * ix + 1) * b).update(from: row + ix * b, count: b)
                }
                (out + 2 * w * b).update(from: out, count: 2 * w * b)
            }
        }
    }

    /// dx[i, j] = the sum of dy over the 2×2 block that copied x[i, j] (overwrites dx).
    public static func backward(_ dy: Tensor, into dx: Tensor) {
        check(dx, dy)
        let (h, w, b) = (dx.height, dx.width, dx.channelBlock)
        let (g, d) = (dy.data, dx.data)
        Parallel.forEach(dx.batch * dx.channelBlocks, costPerItem: 4 * dx.blockPlaneCount) { plane in
            for iy in 0..<h {
                let top = g + (plane * 2 * h + 2 * iy) * 2 * w * b, bottom = top + 2 * w * b
                let out = d + (plane * h + iy) * w * b
                for ix in 0..<w {
                    let t = top + 2 * ix * b, u = bottom + 2 * ix * b, o = out + ix * b
                    for j in 0..<b { o[j] = (t[j] + t[b + j]) + (u[j] + u[b + j]) }
                }
            }
        }
    }

    private static func check(_ x: Tensor, _ y: Tensor) {
        precondition(
            x.rank == 4 && y.shape == outputShape(x.shape) && y.channelBlock == x.channelBlock,
            "×2 upsampling of \(x) into \(y)")
    }
}
