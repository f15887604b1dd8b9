import CDNNL
import CKernels
import Foundation

/// Winograd F(4×4, 3×3) for inference on CPUs without AVX-512 (8-blocked feature maps), where
/// oneDNN 2.6 has only the direct convolution: the transforms are ours
/// (CKernels/winograd_avx2.c), the 36 matrix products oneDNN's sgemm.
///
/// A 3×3 convolution costs 36 multiplies per 16 outputs instead of 144; the residual blocks
/// (3×3, 128 → 128) and the upsampling layers are most of a stylize pass. Rounding: about
/// 10⁻⁶ relative, as oneDNN's own Winograd on AVX-512 (tests compare it with the direct kernel).
public enum WinogradConvolution {
    /// Whether this CPU runs the transforms (AVX2 and FMA). AVX-512 CPUs have them too, but
    /// their feature maps are 16-blocked and oneDNN's own Winograd serves them; tests run these
    /// on 8-blocked maps there.
    public static let isAvailable = faststyle_has_avx2_fma()

    /// Below this many channels in or out, the transforms cost more than the products save.
    public static let minimumChannels = 32

    /// Whether `forward` computes the stride-1, unpadded 3×3 convolution of `input` into `output`.
    public static func handles(input: Tensor, output: Tensor, kernelSize: Int, stride: Int) -> Bool {
        isAvailable && kernelSize == 3 && stride == 1 && input.rank == 4 && output.rank == 4
            && input.channelBlock == 8 && output.channelBlock == 8 && input.batch == output.batch
            && input.channels >= minimumChannels && output.channels >= minimumChannels
            && output.width == input.width - 2
    }

    /// Whether a layer of `geometry` (a band of it) runs here under `policy`: never for
    /// `direct`, always for `winograd`; for `auto` the faster of this and oneDNN's direct
    /// convolution, timed once (two runs each of `trial(true)` and `trial(false)`, interleaved)
    /// and kept with the other convolution choices, on disk.
    public static func chosen(
        for geometry: ConvolutionGeometry, policy: ConvolutionPolicy, trial: (_ winograd: Bool) -> Void
    ) -> Bool {
        switch policy.algorithm {
        case .direct: return false
        case .winograd: return true
        case .auto: break
        }
        let shape = ConvolutionChoices.ShapeClass(geometry, policy, pass: "fwd-winograd8")
        if let variant = ConvolutionChoices.measured(shape) { return variant == .winograd }
        let variants: [ConvolutionVariant] = [.direct, .winograd]
        let fastest = ConvolutionKernel.fastest(variants, label: "fwd-winograd8 \(geometry)", shape: shape) {
            trial(variants[$0] == .winograd)
        }
        return variants[fastest] == .winograd
    }

    /// The transformed filters of `weights` (K, C, 3, 3): 36 matrices of C × K, both padded to
    /// whole blocks of 8.
    public static func transformedWeights(_ weights: Tensor) -> [Float] {
        let (k, c) = (weights.shape[0], weights.shape[1])
        let (kPadded, cPadded) = (roundUp(k), roundUp(c))
        var u = [Float](repeating: 0, count: 36 * cPadded * kPadded)
        u.withUnsafeMutableBufferPointer {
            faststyle_winograd_weights(weights.data, Int32(k), Int32(c), Int32(kPadded), Int32(cPadded), $0.baseAddress)
        }
        return u
    }

    /// Output rows `firstRow ..< firstRow + input.height − 2` of `output` from `input` (already
    /// padded), with `transformed` from `transformedWeights`, plus `bias`, then ReLU if asked.
    /// The tiles are transformed in chunks of tile rows of about `chunkBytes` each (in and out),
    /// so that they stay in the caches and the extra memory does not grow with the image (2 MB
    /// measured faster than 8 MB and 1 MB on a Zen 3).
    public static func forward(
        input: Tensor, transformed: [Float], bias: Tensor?, relu: Bool, output: Tensor, firstRow: Int,
        chunkBytes: Int = 2 << 20
    ) {
        let rows = input.height - 2, width = output.width
        precondition(
            handles(input: input, output: output, kernelSize: 3, stride: 1) && firstRow >= 0
                && firstRow + rows <= output.height
                && transformed.count == 36 * roundUp(input.channels) * roundUp(output.channels),
            "WinogradConvolution: \(input) → \(output) rows \(firstRow)+\(rows)")
        let cPadded = input.channelBlocks * 8, kPadded = output.channelBlocks * 8
        let tilesWide = (width + 3) / 4, tilesHigh = (rows + 3) / 4
        let tileRowBytes = 36 * tilesWide * max(cPadded, kPadded) * MemoryLayout<Float>.size
        let chunkRows = max(1, min(tilesHigh, chunkBytes / tileRowBytes))
        let chunkCapacity = chunkRows * tilesWide
        let v = Tensor(uninitializedShape: [36 * chunkCapacity * cPadded])
        let m = Tensor(uninitializedShape: [36 * chunkCapacity * kPadded])
        let paddedBias = bias.map { b in
            Tensor(shape: [kPadded], values: (0..<kPadded).map { $0 < b.count ? b.data[$0] : 0 })
        }
        transformed.withUnsafeBufferPointer { u in
            for n in 0..<input.batch {
                let src = input.data + n * input.channelBlocks * input.blockPlaneCount
                let dst = output.data + n * output.channelBlocks * output.blockPlaneCount
                for firstTileRow in stride(from: 0, to: tilesHigh, by: chunkRows) {
                    let tiles = min(chunkRows, tilesHigh - firstTileRow) * tilesWide
                    Parallel.forEachChunk(tiles, costPerItem: 36 * cPadded) { range in
                        faststyle_winograd_input8(
                            src, Int32(input.channelBlocks), Int32(input.height), Int32(input.width),
                            Int32(tilesWide), Int32(firstTileRow), Int32(range.lowerBound),
                            Int32(range.upperBound), Int32(tiles), Int32(cPadded), v.data)
                    }
                    // The 36 products shared among the threads, each product on one (sgemm
                    // within a parallel region runs on its caller's thread): one wake-up of
                    // the threads instead of 36.
                    Parallel.forEachChunk(36, costPerItem: tiles * cPadded * kPadded) { positions in
                        for p in positions {
                            DNNL.check(
                                dnnl_sgemm(
                                    CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int64(tiles),
                                    Int64(kPadded), Int64(cPadded), 1, v.data + p * tiles * cPadded,
                                    Int64(cPadded), u.baseAddress! + p * cPadded * kPadded, Int64(kPadded), 0,
                                    m.data + p * tiles * kPadded, Int64(kPadded)),
                                "Winograd product \(p): \(tiles) × \(cPadded) × \(kPadded)")
                        }
                    }
                    Parallel.forEachChunk(tiles, costPerItem: 36 * kPadded) { range in
                        faststyle_winograd_output8(
                            m.data, Int32(tiles), Int32(kPadded), Int32(output.channelBlocks), Int32(tilesWide),
                            Int32(firstTileRow), Int32(range.lowerBound), Int32(range.upperBound), paddedBias?.data,
                            relu, dst, Int32(output.height), Int32(firstRow), Int32(rows), Int32(width))
                    }
                }
            }
        }
    }

    private static func roundUp(_ channels: Int) -> Int { (channels + 7) / 8 * 8 }
}
