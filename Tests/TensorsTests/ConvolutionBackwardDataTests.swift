import Tensors
import XCTest

/// The backward-data pass of the transformation network's convolutions against a float64 loop,
/// and never on oneDNN's reference kernel: where oneDNN 2.6 has no fast kernel for the blocked
/// layout (on AVX2 CPUs: the 32 → 3 output layer, the stride-2 convolution that drops the last
/// input row), the pass runs in the plain layout instead.
final class ConvolutionBackwardDataTests: XCTestCase {
    private let cases = [
        // The network's last layer (after reflection padding by 4).
        (
            ConvolutionGeometry(batch: 2, inChannels: 32, outChannels: 3, height: 24, width: 20, kernelSize: 9),
            "9×9, 32 → 3"
        ),
        // Its second downsampling layer at 128² (66 rows after padding; 32 output rows use 65).
        (
            ConvolutionGeometry(
                batch: 1, inChannels: 64, outChannels: 128, height: 34, width: 30, kernelSize: 3, stride: 2),
            "3×3 stride 2, 64 → 128, even rows"
        ),
        (
            ConvolutionGeometry(
                batch: 2, inChannels: 32, outChannels: 64, height: 35, width: 33, kernelSize: 3, stride: 2),
            "3×3 stride 2, 32 → 64, odd rows"
        ),
        (
            ConvolutionGeometry(batch: 2, inChannels: 128, outChannels: 128, height: 12, width: 10, kernelSize: 3),
            "3×3, 128 → 128"
        ),
    ]

    func testBackwardDataMatchesAFloat64LoopAndAvoidsTheReferenceKernel() {
        for (g, label) in cases {
            var generator = SeededGenerator(seed: 11)
            let weights = Tensor(shape: g.weightShape), plainGradient = Tensor(shape: g.outputShape)
            weights.fillUniform(-0.1, 0.1, using: &generator)
            plainGradient.fillUniform(-1, 1, using: &generator)
            let outputGradient = Tensor(converting: plainGradient, toChannelBlock: ChannelLayout.preferredBlock)
            let inputGradient = Tensor(
                shape: g.inputShape, channelBlock: ChannelLayout.block(forChannels: g.inChannels))
            let kernel = ConvolutionKernel.shared(g, policy: .exact)
            kernel.backwardData(outputGradient: outputGradient, weights: weights, inputGradient: inputGradient)

            assertMatches(inputGradient.toArray(), reference(g, weights.toArray(), plainGradient.toArray()), label)
            let implementation = kernel.implementations["bwd_data"] ?? ""
            XCTAssertFalse(implementation.contains("ref"), "\(label): backward data ran \(implementation)")
        }
    }

    /// dL/dx[n][c][y][x] = Σ over o, i, j with y = s·oy + i, x = s·ox + j of W[o][c][i][j]·dy[n][o][oy][ox].
    private func reference(_ g: ConvolutionGeometry, _ w: [Float], _ dy: [Float]) -> [Double] {
        var dx = [Double](repeating: 0, count: g.batch * g.inChannels * g.height * g.width)
        let k = g.kernelSize, oh = g.outputHeight, ow = g.outputWidth
        for n in 0..<g.batch {
            for o in 0..<g.outChannels {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let d = Double(dy[((n * g.outChannels + o) * oh + oy) * ow + ox])
                        for c in 0..<g.inChannels {
                            for i in 0..<k {
                                for j in 0..<k {
                                    let y = oy * g.stride + i, x = ox * g.stride + j
                                    dx[((n * g.inChannels + c) * g.height + y) * g.width + x] +=
                                        Double(w[((o * g.inChannels + c) * k + i) * k + j]) * d
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
