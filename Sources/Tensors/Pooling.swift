/// 2×2 pooling with stride 2 ("valid": an odd last row or column is dropped), any layout.
public enum Pooling {
    public enum Kind: Sendable { case max, average }

    /// output (N, C, H/2, W/2) from input (N, C, H, W).
    public static func forward(_ kind: Kind, _ input: Tensor, into output: Tensor) {
        let (h, w, b) = (input.height, input.width, input.channelBlock)
        let (oh, ow) = (h / 2, w / 2)
        precondition(output.shape == [input.batch, input.channels, oh, ow] && output.channelBlock == b)
        let (src, dst) = (input.data, output.data)
        Parallel.forEach(input.batch * input.channelBlocks, costPerItem: h * w * b) { plane in
            let s = src + plane * h * w * b, d = dst + plane * oh * ow * b
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let p00 = s + ((2 * oy) * w + 2 * ox) * b, p01 = p00 + b, p10 = p00 + w * b, p11 = p10 + b
                    let out = d + (oy * ow + ox) * b
                    switch kind {
                    case .max: for j in 0..<b { out[j] = max(max(p00[j], p01[j]), max(p10[j], p11[j])) }
                    case .average: for j in 0..<b { out[j] = 0.25 * (p00[j] + p01[j] + p10[j] + p11[j]) }
                    }
                }
            }
        }
    }

    /// inputGradient from outputGradient: max pooling routes each gradient to the first
    /// maximum of its window (row-major), found again from the input; average pooling spreads
    /// a quarter to each. Dropped odd rows/columns get zero.
    public static func backward(_ kind: Kind, input: Tensor, outputGradient: Tensor, into inputGradient: Tensor) {
        let (h, w, b) = (input.height, input.width, input.channelBlock)
        let (oh, ow) = (h / 2, w / 2)
        let (src, g, d) = (input.data, outputGradient.data, inputGradient.data)
        Parallel.forEach(input.batch * input.channelBlocks, costPerItem: h * w * b) { plane in
            let s = src + plane * h * w * b, dx = d + plane * h * w * b, dy = g + plane * oh * ow * b
            dx.update(repeating: 0, count: h * w * b)
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let base = ((2 * oy) * w + 2 * ox) * b
                    let offsets = [base, base + b, base + w * b, base + w * b + b]
                    let grad = dy + (oy * ow + ox) * b
                    for j in 0..<b {
                        switch kind {
                        case .average:
                            for o in offsets { dx[o + j] = 0.25 * grad[j] }
                        case .max:
                            var best = offsets[0]
                            for o in offsets.dropFirst() where s[o + j] > s[best + j] { best = o }
                            dx[best + j] = grad[j]
                        }
                    }
                }
            }
        }
    }
}
