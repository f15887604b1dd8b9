import CKernels

/// A stride-1 convolution from a 16-blocked feature map to 3 plain channels — the transformation
/// network's last layer (32 → 3, 9×9) — on a hand-written AVX-512 kernel.
///
/// oneDNN 2.6 gives such a layer a 16-blocked output and so computes 16 channels for 3 (about a
/// sixth of a stylize pass spent on work thrown away), or, asked for a plain output, falls back
/// to its reference kernel. The kernel here vectorizes over the input channels instead
/// (CKernels/blocked16_to3.c).
public enum ThreeChannelConvolution {
    /// Whether this CPU has the kernel's instructions (AVX-512F).
    public static let isAvailable = faststyle_has_avx512()

    /// Whether `forward` computes a stride-1 convolution of `input` into `output`.
    public static func handles(input: Tensor, output: Tensor, stride: Int) -> Bool {
        isAvailable && stride == 1 && input.rank == 4 && output.rank == 4 && input.channelBlock == 16
            && output.channelBlock == 1 && output.channels == 3 && input.batch == output.batch
    }

    /// Output rows `firstRow ..< firstRow + input.height − K + 1` of `output` from `input`, which
    /// is already padded (no padding here): output[n, o, firstRow + y, x] =
    /// bias[o] + Σ weights[o, c, i, j] · input[n, c, y + i, x + j], then ReLU if asked.
    /// `weights` are (3, C, K, K) plain, `bias` (3) or nil.
    public static func forward(
        input: Tensor, weights: Tensor, bias: Tensor?, relu: Bool = false,
        output: Tensor, firstRow: Int
    ) {
        let k = weights.shape[2]
        let rows = input.height - k + 1
        precondition(
            handles(input: input, output: output, stride: 1) && weights.shape == [3, input.channels, k, k]
                && output.width == input.width - k + 1 && firstRow >= 0 && firstRow + rows <= output.height,
            "ThreeChannelConvolution: \(input) → \(output) rows \(firstRow)+\(rows), weights \(weights.shape)")
        let packed = packedWeights(weights, blocks: input.channelBlocks)
        let biasValues = bias.map { Array($0.buffer) } ?? [0, 0, 0]
        let inputPlane = input.channelBlocks * input.blockPlaneCount, outputPlane = output.height * output.width
        packed.withUnsafeBufferPointer { w in
            biasValues.withUnsafeBufferPointer { b in
                for n in 0..<input.batch {
                    let src = input.data + n * inputPlane
                    let dst = output.data + n * 3 * outputPlane + firstRow * output.width
                    Parallel.forEachChunk(rows, costPerItem: 3 * output.width * input.channels * k * k) { range in
                        faststyle_conv_blocked16_to3(
                            src, Int32(input.channelBlocks), Int32(input.height), Int32(input.width),
                            w.baseAddress, b.baseAddress, Int32(k), relu,
                            dst, outputPlane, Int32(range.lowerBound), Int32(range.upperBound))
                    }
                }
            }
        }
    }

    /// The weights as the kernel reads them: [o][block][i][j][16 channels of the block], zero past
    /// the real channels.
    static func packedWeights(_ weights: Tensor, blocks: Int) -> [Float] {
        let channels = weights.shape[1], k = weights.shape[2]
        var packed = [Float](repeating: 0, count: 3 * blocks * k * k * 16)
        for o in 0..<3 {
            for c in 0..<channels {
                for i in 0..<k {
                    for j in 0..<k {
                        packed[(((o * blocks + c / 16) * k + i) * k + j) * 16 + c % 16] =
                            weights.data[((o * channels + c) * k + i) * k + j]
                    }
                }
            }
        }
        return packed
    }
}
