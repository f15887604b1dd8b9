import NN
import Tensors
import XCTest

/// `WinogradConvolution` (F(4×4, 3×3) on 8-blocked maps, inference) against the direct
/// convolution it replaces on CPUs without AVX-512. AVX-512 CPUs run it too on the 8-blocked
/// tensors made here.
final class WinogradConvolutionTests: XCTestCase {
    override func setUpWithError() throws {
        guard WinogradConvolution.isAvailable else { throw XCTSkip("the Winograd transforms need AVX2 and FMA") }
    }

    func testInferenceMatchesTheDirectConvolution() throws {
        // Reflection-padded 3×3 layers as the transformation network has them: channels that do
        // not fill the last block (36 → 44), a bias, a fused ReLU, an upsampled input, sizes
        // that are not multiples of the 4×4 tiles, several bands, a batch of two.
        let winograd = try ConvolutionPolicy(algorithm: .winograd, precision: .fp32)
        for (inChannels, outChannels, relu, upsamples, bias) in [
            (36, 44, false, false, true), (40, 32, true, false, false), (32, 40, false, true, true),
        ] {
            let conv = initialized(
                try Conv2D(
                    inChannels: inChannels, outChannels: outChannels, kernelSize: 3, padding: .reflection,
                    bias: bias, fusedReLU: relu, upsamplesInput: upsamples))
            for p in conv.parameters { p.isTrainable = false }
            conv.weightsChanged()
            let x = randomTensor([2, inChannels, 23, 30], channelBlock: 8)
            conv.settings.bandBytes = 60_000   // a few rows per band
            conv.settings.policy = .exact
            let direct = try ForwardPass.inferenceOnly { try conv.forward(x).toArray() }
            conv.settings.policy = winograd
            let fast = try ForwardPass.inferenceOnly { try conv.forward(x).toArray() }
            let label = "\(inChannels) → \(outChannels), relu \(relu), upsampled \(upsamples), bias \(bias)"
            XCTAssertEqual(fast.count, direct.count, label)
            let largest = direct.map(abs).max() ?? 0
            var differs = false
            for (a, b) in zip(fast, direct) {
                XCTAssertEqual(a, b, accuracy: 1e-5 * largest, label)
                differs = differs || a != b
            }
            XCTAssertTrue(differs, "\(label): the same bits as the direct convolution — did Winograd run?")
            if relu { XCTAssertTrue(fast.contains(0), label) }
        }
    }

    func testChunksOfTileRowsGiveTheWholeResult() throws {
        // The kernel itself, 128 → 128 as in a residual block, the tiles in chunks of one tile
        // row (the smallest) and in one chunk, written at an offset into a taller output.
        let input = randomTensor([1, 128, 14, 19], channelBlock: 8, seed: 5)
        let weights = randomTensor([128, 128, 3, 3], seed: 6, low: -0.05, high: 0.05)
        let bias = randomTensor([128], seed: 7)
        let transformed = WinogradConvolution.transformedWeights(weights)
        var results: [[Float]] = []
        for chunkBytes in [1, 64 << 20] {
            let output = Tensor(shape: [1, 128, 15, 17], channelBlock: 8)
            WinogradConvolution.forward(
                input: input, transformed: transformed, bias: bias, relu: false, output: output, firstRow: 3,
                chunkBytes: chunkBytes)
            results.append(output.toArray())
        }
        // (sgemm may sum in another order for another row count: equal to rounding.)
        XCTAssertEqual(results[0].count, results[1].count)
        let chunkDifference = zip(results[0], results[1]).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThan(chunkDifference, 1e-4, "chunks of one tile row against one chunk")
        // Against the textbook sum, rows 3..<15 (12 rows of 17), the rest untouched (zero).
        let x = input.toArray(), w = weights.toArray(), out = results[0]
        for o in [0, 77, 127] {
            for y in 0..<15 {
                for col in [0, 8, 16] {
                    var expected: Float = 0
                    if y >= 3 {
                        var sum = Double(bias.data[o])
                        for c in 0..<128 {
                            for i in 0..<3 {
                                for j in 0..<3 {
                                    sum += Double(x[(c * 14 + y - 3 + i) * 19 + col + j])
                                        * Double(w[((o * 128 + c) * 3 + i) * 3 + j])
                                }
                            }
                        }
                        expected = Float(sum)
                    }
                    XCTAssertEqual(out[(o * 15 + y) * 17 + col], expected, accuracy: 1e-4, "o \(o) y \(y) x \(col)")
                }
            }
        }
    }
}
