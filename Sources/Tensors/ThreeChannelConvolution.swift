import CKernels

/// A stride-1 convolution from a channel-blocked feature map to 3 plain channels — the
/// transformation network's last layer (32 → 3, 9×9) — on a hand-written kernel: AVX-512 for
/// 16-blocked maps, AVX2 for 8-blocked ones.
///
/// oneDNN 2.6 gives such a layer a blocked output and so computes 16 (or 8) channels for 3: about
/// a sixth of a stylize pass spent on work thrown away with AVX-512, and a quarter of it with AVX2
/// (a Zen 3: 174 of 746 ms for a 512×341 photograph); asked for a plain output, it falls back to
/// its reference kernel. The kernels here vectorize over the input channels instead
/// (CKernels/three_channel_conv.c).
public enum ThreeChannelConvolution {
    /// Whether this CPU has the instructions of the kernel for feature maps blocked by `block`:
    /// AVX-512F for 16, AVX2 and FMA for 8.
    public static func isAvailable(forBlock block: Int) -> Bool {
        switch block {
        case 16: hasAVX512
        case 8: hasAVX2
        default: false
        }
    }
    private static let hasAVX512 = faststyle_has_avx512()
    private static let hasAVX2 = faststyle_has_avx2_fma()

    /// Whether `forward` computes a stride-1 convolution of `input` into `output`.
    public static func handles(input: Tensor, output: Tensor, stride: Int) -> Bool {
        isAvailable(forBlock: input.channelBlock) && stride == 1 && input.rank == 4 && output.rank == 4
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
        let block = input.channelBlock
        let packed = packedWeights(weights, block: block, blocks: input.channelBlocks)
        let kernel = block == 16 ? faststyle_conv_blocked16_to3 : faststyle_conv_blocked8_to3
        let biasValues = bias.map { Array($0.buffer) } ?? [0, 0, 0]
        let inputPlane = input.channelBlocks * input.blockPlaneCount, outputPlane = output.height * output.width
        packed.withUnsafeBufferPointer { w in
            biasValues.withUnsafeBufferPointer { b in
                for n in 0..<input.batch {
                    let src = input.data + n * inputPlane
                    let dst = output.data + n * 3 * outputPlane + firstRow * output.width
                    Parallel.forEachChunk(rows, costPerItem: 3 * output.width * input.channels * k * k) { range in
                        kernel(
                            src, Int32(input.channelBlocks), Int32(input.height), Int32(input.width),
                            w.baseAddress, b.baseAddress, Int32(k), relu,
                            dst, outputPlane, Int32(range.lowerBound), Int32(range.upperBound))
                    }
                }
            }
        }
    }

    /// The weights as the kernels read them: [o][block][i][j][`block` channels of the block], zero
    /// past the real channels.
    static func packedWeights(_ weights: Tensor, block: Int, blocks: Int) -> [Float] {
        let channels = weights.shape[1], k = weights.shape[2]
        var packed = [Float](repeating: 0, count: 3 * blocks * k * k * block)
        for o in 0..<3 {
            for c in 0..<channels {
                for i in 0..<k {
                    for j in 0..<k {
                        packed[(((o * blocks + c / block) * k + i) * k + j) * block + c % block] =
                            weights.data[((o * channels + c) * k + i) * k + j]
                    }
                }
            }
        }
        return packed
    }
}
