import Tensors
import XCTest

/// The forward and backward-weights passes of convolutions from few channels (narrow networks'
/// layers: 8 or 12 channels, which AVX-512's blocked layout pads to 16) against float64 loops.
/// On AVX-512 oneDNN 2.6 runs several of these on its reference kernel (a stride-2 convolution
/// from 8 channels: 1.2 s of a 1.3 s forward pass at 320×213 on an Ice Lake Xeon), so only the
/// results are checked here.
final class ConvolutionNarrowSourceTests: XCTestCase {
    private let cases = [
        (
            ConvolutionGeometry(
                batch: 1, inChannels: 8, outChannels: 16, height: 27, width: 25, kernelSize: 3, stride: 2),
            "3×3 stride 2, 8 → 16, odd rows"
        ),
        (
            ConvolutionGeometry(
                batch: 2, inChannels: 8, outChannels: 16, height: 26, width: 30, kernelSize: 3, stride: 2),
            "3×3 stride 2, 8 → 16, even rows"
        ),
        (
            ConvolutionGeometry(
                batch: 1, inChannels: 12, outChannels: 24, height: 21, width: 19, kernelSize: 3, stride: 2),
            "3×3 stride 2, 12 → 24"
        ),
        (
            ConvolutionGeometry(batch: 1, inChannels: 8, outChannels: 3, height: 20, width: 18, kernelSize: 5),
            "5×5, 8 → 3"
        ),
    ]

    func testForwardMatchesAFloat64Loop() {
        for (g, label) in cases {
            var generator = SeededGenerator(seed: 5)
            let weights = Tensor(shape: g.weightShape), plainInput = Tensor(shape: g.inputShape),
                bias = Tensor(shape: [g.outChannels])
            weights.fillUniform(-0.1, 0.1, using: &generator)
            plainInput.fillUniform(-1, 1, using: &generator)
            bias.fillUniform(-1, 1, using: &generator)
            let input = Tensor(converting: plainInput, toChannelBlock: ChannelLayout.block(forChannels: g.inChannels))
            let output = Tensor(shape: g.outputShape, channelBlock: ChannelLayout.block(forChannels: g.outChannels))
            let kernel = ConvolutionKernel.shared(g, policy: .exact)
            kernel.forward(input: input, weights: weights, bias: bias, output: output)

            assertMatches(
                output.toArray(), reference(g, weights.toArray(), bias.toArray(), plainInput.toArray()), label)
        }
    }

    func testBackwardWeightsMatchesAFloat64Loop() {
        for (g, label) in cases {
            var generator = SeededGenerator(seed: 6)
            let plainInput = Tensor(shape: g.inputShape), plainGradient = Tensor(shape: g.outputShape)
            plainInput.fillUniform(-1, 1, using: &generator)
            plainGradient.fillUniform(-1, 1, using: &generator)
            let input = Tensor(converting: plainInput, toChannelBlock: ChannelLayout.block(forChannels: g.inChannels))
            let outputGradient = Tensor(converting: plainGradient, toChannelBlock: ChannelLayout.preferredBlock)
            let weightGradient = Tensor(shape: g.weightShape), biasGradient = Tensor(shape: [g.outChannels])
            let kernel = ConvolutionKernel.shared(g, policy: .exact)
            kernel.backwardWeights(
                input: input, outputGradient: outputGradient, weightGradient: weightGradient, biasGradient: biasGradient
            )

            assertMatches(
                weightGradient.toArray(), weightsReference(g, plainInput.toArray(), plainGradient.toArray()), label)
        }
    }

    /// dL/dW[o][c][i][j] = Σ over n, oy, ox of dy[n][o][oy][ox]·x[n][c][s·oy + i][s·ox + j].
    private func weightsReference(_ g: ConvolutionGeometry, _ x: [Float], _ dy: [Float]) -> [Double] {
        let k = g.kernelSize, oh = g.outputHeight, ow = g.outputWidth
        var dw = [Double](repeating: 0, count: g.outChannels * g.inChannels * k * k)
        for n in 0..<g.batch {
            for o in 0..<g.outChannels {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let d = Double(dy[((n * g.outChannels + o) * oh + oy) * ow + ox])
                        for c in 0..<g.inChannels {
                            for i in 0..<k {
                                for j in 0..<k {
                                    dw[((o * g.inChannels + c) * k + i) * k + j] +=
                                        d
                                        * Double(
                                            x[
                                                ((n * g.inChannels + c) * g.height + oy * g.stride + i) * g.width + ox
                                                    * g.stride + j])
                                }
                            }
                        }
                    }
                }
            }
        }
        return dw
    }

    /// y[n][o][oy][ox] = b[o] + Σ over c, i, j of W[o][c][i][j]·x[n][c][s·oy + i][s·ox + j].
    private func reference(_ g: ConvolutionGeometry, _ w: [Float], _ b: [Float], _ x: [Float]) -> [Double] {
        let k = g.kernelSize, oh = g.outputHeight, ow = g.outputWidth
        var y = [Double](repeating: 0, count: g.batch * g.outChannels * oh * ow)
        for n in 0..<g.batch {
            for o in 0..<g.outChannels {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var sum = Double(b[o])
                        for c in 0..<g.inChannels {
                            for i in 0..<k {
                                for j in 0..<k {
                                    sum +=
                                        Double(w[((o * g.inChannels + c) * k + i) * k + j])
                                        * Double(
                                            x[
                                                ((n * g.inChannels + c) * g.height + oy * g.stride + i) * g.width + ox
                                                    * g.stride + j])
                                }
                            }
                        }
                        y[((n * g.outChannels + o) * oh + oy) * ow + ox] = sum
                    }
                }
            }
        }
        return y
    }
}
