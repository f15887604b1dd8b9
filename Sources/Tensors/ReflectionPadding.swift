/// Reflection padding (as torch.nn.ReflectionPad2d): the border mirrors the image without
/// repeating the edge pixel, so `pad` must be smaller than the height and the width.
public enum ReflectionPadding {
    /// The pixel of 0..<n that position i (at most n − 1 outside) mirrors.
    @inline(__always)
    public static func reflect(_ i: Int, _ n: Int) -> Int {
        i < 0 ? -i : (i >= n ? 2 * n - 2 - i : i)
    }

    /// output (N, C, H + 2p, W + 2p) = pad(input (N, C, H, W)); same channel layout.
    public static func forward(_ input: Tensor, pad p: Int, into output: Tensor) {
        forward(input, pad: p, upsampling: 1, rows: 0..<(input.height + 2 * p), into: output)
    }

    /// Rows `rows` of pad(upsample×s(input)), the padded image of (N, C, sH + 2p, sW + 2p), into
    /// output (N, C, rows.count, sW + 2p). Nearest-neighbour upsampling (s = 2) and padding are
    /// one copy, so the upsampled tensor is never stored; a band of rows lets a convolution
    /// run on a padded input that is never whole in memory.
    public static func forward(_ input: Tensor, pad p: Int, upsampling s: Int, rows: Range<Int>, into output: Tensor) {
        let (h, w, b) = (input.height, input.width, input.channelBlock)
        let (paddedHeight, ow) = (s * h + 2 * p, s * w + 2 * p)
        precondition(s == 1 || s == 2)
        precondition(rows.lowerBound >= 0 && rows.upperBound <= paddedHeight)
        precondition(output.shape == [input.batch, input.channels, rows.count, ow] && output.channelBlock == b)
        precondition(
            p < s * h && p < s * w,
            "reflection padding \(p) needs an input larger than \(p) pixels, got \(s * h)×\(s * w)")
        let sourceColumn = (0..<ow).map { reflect($0 - p, s * w) / s }
        let planes = input.batch * input.channelBlocks
        let (src, dst) = (input.data, output.data)
        sourceColumn.withUnsafeBufferPointer { column in
            Parallel.forEach(planes, costPerItem: rows.count * ow * b) { plane in
                let source = src + plane * h * w * b, d = dst + plane * rows.count * ow * b
                var previousRow = -1
                for (index, oy) in rows.enumerated() {
                    let sourceRow = reflect(oy - p, s * h) / s, out = d + index * ow * b
                    let row = source + sourceRow * w * b
                    if sourceRow == previousRow {
                        out.update(from: out - ow * b, count: ow * b)
                    } else if s == 1 {
                        (out + p * b).update(from: row, count: w * b)
                        for ox in 0..<p {
                            (out + ox * b).update(from: row + (p - ox) * b, count: b)
                            (out + (p + w + ox) * b).update(from: row + (w - 2 - ox) * b, count: b)
                        }
                    } else {
                        for ox in 0..<ow { (out + ox * b).update(from: row + column[ox] * b, count: b) }
                    }
                    previousRow = sourceRow
                }
            }
        }
    }

    /// inputGradient = the sum, over every output position, of outputGradient sent back to the
    /// input pixel it copied (overwrites inputGradient).
    public static func backward(_ outputGradient: Tensor, pad p: Int, into inputGradient: Tensor) {
        let (h, w, b) = (inputGradient.height, inputGradient.width, inputGradient.channelBlock)
        let (oh, ow) = (h + 2 * p, w + 2 * p)
        precondition(outputGradient.shape == [inputGradient.batch, inputGradient.channels, oh, ow])
        let planes = inputGradient.batch * inputGradient.channelBlocks
        let (src, dst) = (outputGradient.data, inputGradient.data)
        Parallel.forEach(planes, costPerItem: oh * ow * b) { plane in
            let g = src + plane * oh * ow * b, d = dst + plane * h * w * b
            // The interior maps one to one; copy it, then add the mirrored borders.
            for y in 0..<h {
                (d + y * w * b).update(from: g + ((y + p) * ow + p) * b, count: w * b)
            }
            for oy in 0..<oh {
                let iy = reflect(oy - p, h)
                let interiorRow = oy >= p && oy < p + h
                for ox in 0..<ow where !(interiorRow && ox >= p && ox < p + w) {
                    let ix = reflect(ox - p, w)
                    let from = g + (oy * ow + ox) * b, to = d + (iy * w + ix) * b
                    for j in 0..<b { to[j] += from[j] }
                }
            }
        }
    }
}
