/// Reflection padding (as torch.nn.ReflectionPad2d): the border mirrors the image without
/// repeating the edge pixel, so `pad` must be smaller than the height and the width.
public enum ReflectionPadding {
    @inline(__always)
    static func reflect(_ i: Int, _ n: Int) -> Int {
        i < 0 ? -i : (i >= n ? 2 * n - 2 - i : i)
    }

    /// output (N, C, H + 2p, W + 2p) = pad(input (N, C, H, W)); same channel layout.
    public static func forward(_ input: Tensor, pad p: Int, into output: Tensor) {
        let (h, w, b) = (input.height, input.width, input.channelBlock)
        let (oh, ow) = (h + 2 * p, w + 2 * p)
        precondition(output.shape == [input.batch, input.channels, oh, ow] && output.channelBlock == b)
        precondition(p < h && p < w, "reflection padding \(p) needs an input larger than \(p) pixels, got \(h)×\(w)")
        let planes = input.batch * input.channelBlocks
        let (src, dst) = (input.data, output.data)
        Parallel.forEach(planes, costPerItem: oh * ow * b) { plane in
            let s = src + plane * h * w * b, d = dst + plane * oh * ow * b
            for oy in 0..<oh {
                let row = s + reflect(oy - p, h) * w * b, out = d + oy * ow * b
                (out + p * b).update(from: row, count: w * b)
                for ox in 0..<p {
                    (out + ox * b).update(from: row + (p - ox) * b, count: b)
                    (out + (p + w + ox) * b).update(from: row + (w - 2 - ox) * b, count: b)
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
