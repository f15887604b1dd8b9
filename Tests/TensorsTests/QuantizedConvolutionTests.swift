import Tensors
import XCTest

/// int8 convolutions (`QuantizedConvolution`, `--precision int8`) against the exact float32 one
/// they replace, on random data.
///
/// Bound: each source channel rounded to 255 (or ±127) steps of its largest magnitude and the
/// weights (those factors folded in) to ±127 steps of each output channel's largest, so on uniform random operands each product is off
/// by about 0.4% of its size (RMS) and the sums, with random signs, by about as much of their RMS:
/// relative RMS error under 1e-2, largest error under 3e-2 of the largest |exact| value. And
/// above 1e-4, so that a run that silently fell back to float32 fails.
final class QuantizedConvolutionTests: XCTestCase {
    private func random(_ shape: [Int], low: Float, high: Float, seed: UInt64, block: Int = 1) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let plain = Tensor(shape: shape)
        plain.fillUniform(low, high, using: &generator)
        return block == 1 ? plain : Tensor(converting: plain, toChannelBlock: block)
    }

    private func check(_ geometry: ConvolutionGeometry, signedSource: Bool, _ label: String) throws {
        let block = ChannelLayout.preferredBlock
        let input = random(geometry.inputShape, low: signedSource ? -1 : 0, high: 1, seed: 1, block: block)
        let weights = random(geometry.weightShape, low: -0.1, high: 0.1, seed: 2)
        let outBlock = ChannelLayout.block(forChannels: geometry.outChannels)
        let exact = Tensor(shape: geometry.outputShape, channelBlock: outBlock)
        ConvolutionKernel.shared(geometry, policy: .exact).forward(
            input: input, weights: weights, bias: nil, output: exact)

        let (scales, signed) = QuantizedConvolution.scales(of: input)
        XCTAssertEqual(signed, signedSource, label)
        let kernel = try XCTUnwrap(
            QuantizedConvolution.shared(geometry, channelBlock: block, signedSource: signed),
            "oneDNN has a fast int8 kernel for \(label) on this CPU")
        let output = Tensor(shape: geometry.outputShape, channelBlock: outBlock)
        kernel.forward(input: input, scales: scales, weights: weights, quantized: QuantizedWeights(), output: output)

        let (a, b) = (exact.toArray(), output.toArray())
        let rms = (a.map { $0 * $0 }.reduce(0, +) / Float(a.count)).squareRoot()
        let errorRMS = (zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Float(a.count)).squareRoot()
        let largestError = zip(a, b).map { abs($0 - $1) }.max()!
        let largest = a.map(abs).max()!
        // Without VNNI, oneDNN sums two products of an unsigned byte (up to 255) and a weight
        // byte (up to 127) in 16 bits (`vpmaddubsw`), which saturates on these uniform inputs
        // crowded at the top of their range: 9.4% relative RMS on a Zen 3 (a real network's
        // photographs stay within 0.6 levels of 255 of float32's, BuiltInStylesTests). Bounded
        // there so that a broken kernel (error ~1) still fails.
        let saturates = !signedSource && !CPUFeatures.hasVNNI
        XCTAssertLessThan(errorRMS / rms, saturates ? 0.15 : 1e-2, "\(label) (\(kernel.implementation))")
        XCTAssertGreaterThan(errorRMS / rms, 1e-4, "\(label): the int8 kernel did not run")
        XCTAssertLessThan(largestError / largest, saturates ? 0.3 : 3e-2, label)
        if geometry.fusedReLU { XCTAssertGreaterThanOrEqual(b.min()!, 0, "\(label): the ReLU") }
    }

    func testUnsignedSourceWithFusedReLU() throws {
        try check(
            ConvolutionGeometry(
                batch: 1, inChannels: 32, outChannels: 64, height: 20, width: 22, kernelSize: 3, hasBias: false,
                fusedReLU: true), signedSource: false, "3×3, 32 → 64, from a ReLU's output")
    }

    func testSignedSourceWithStrideTwo() throws {
        try check(
            ConvolutionGeometry(
                batch: 1, inChannels: 64, outChannels: 128, height: 21, width: 18, kernelSize: 3, stride: 2,
                hasBias: false), signedSource: true, "3×3 stride 2, 64 → 128, signed")
    }

    func testResidualBlockShapeInABatch() throws {
        try check(
            ConvolutionGeometry(
                batch: 2, inChannels: 128, outChannels: 128, height: 18, width: 18, kernelSize: 3, hasBias: false),
            signedSource: true, "3×3, 128 → 128, batch 2, signed")
    }

    /// What the fast kernels cannot take is left to float32: a bias, a plain 3-channel source.
    func testWithoutAnInt8KernelNoneIsMade() {
        let biased = ConvolutionGeometry(batch: 1, inChannels: 32, outChannels: 32, height: 8, width: 8, kernelSize: 3)
        XCTAssertNil(
            QuantizedConvolution.shared(biased, channelBlock: ChannelLayout.preferredBlock, signedSource: false))
        let plain = ConvolutionGeometry(
            batch: 1, inChannels: 3, outChannels: 32, height: 8, width: 8, kernelSize: 9, hasBias: false)
        XCTAssertNil(QuantizedConvolution.shared(plain, channelBlock: 1, signedSource: false))
    }
}
