import Tensors
import XCTest

/// The faster convolutions (Winograd in float32, direct in bfloat16) against the exact one they
/// replace (direct, float32), in every pass, on random data.
///
/// Tolerances, as relative RMS error (‖fast − exact‖ / ‖exact‖) and as the largest error over the
/// largest |exact| value:
/// - Winograd F(4×4, 3×3): the same sum computed through 6×6 tile transforms whose coefficients
///   reach 5 and 1/4, so its rounding errors are some float ulps of the terms (measured here: RMS
///   0.5–2.4e-6, largest 0.8–4.3e-6); bound 1e-5 and 5e-5.
/// - bfloat16: inputs and weights rounded to 8 significant bits (relative error up to 2⁻⁹) and
///   products summed in float32; with random signs the error of a sum is about 2⁻⁹·√2 ≈ 2.8e-3
///   of its RMS (measured: RMS 1.4–2.3e-3, largest 1.0–2.6e-3); bound 5e-3 and 1e-2.
/// Layers without a Winograd kernel (stride 2, 9×9) must come out exactly as direct.
final class ConvolutionVariantTests: XCTestCase {
    private struct Case {
        let geometry: ConvolutionGeometry
        let label: String
    }

    private let cases = [
        Case(
            geometry: ConvolutionGeometry(
                batch: 2, inChannels: 32, outChannels: 48, height: 19, width: 23, kernelSize: 3,
                padding: 1, fusedReLU: true), label: "3×3, 32 → 48, odd sizes, fused ReLU"),
        Case(
            geometry: ConvolutionGeometry(
                batch: 1, inChannels: 16, outChannels: 16, height: 40, width: 36, kernelSize: 3,
                padding: 0, hasBias: false), label: "3×3, no padding, no bias"),
        Case(
            geometry: ConvolutionGeometry(
                batch: 2, inChannels: 16, outChannels: 32, height: 21, width: 18, kernelSize: 3,
                stride: 2, padding: 1), label: "3×3 stride 2 (no Winograd)"),
        Case(
            geometry: ConvolutionGeometry(
                batch: 1, inChannels: 3, outChannels: 32, height: 30, width: 26, kernelSize: 9,
                padding: 4), label: "9×9 from 3 plain channels (no Winograd)"),
        // Winograd's scratch for the whole batch (about 75 MB on a Zen 4 or 5) exceeds the budget:
        // sub-batches (where oneDNN sizes it smaller, e.g. on a Xeon, some passes run whole).
        Case(
            geometry: ConvolutionGeometry(
                batch: 2, inChannels: 128, outChannels: 128, height: 128, width: 128, kernelSize: 3,
                padding: 1), label: "3×3, 128 → 128, 128², run in sub-batches"),
    ]

    private struct Results {
        var output: [Float], inputGradient: [Float], weightGradient: [Float], biasGradient: [Float]
        var implementations: [String: String]
        var scratchpadBytes: [String: Int]
    }

    private func random(_ shape: [Int], scale: Float, seed: UInt64, block: Int = 1) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let plain = Tensor(shape: shape)
        plain.fillUniform(-scale, scale, using: &generator)
        return block == 1 ? plain : Tensor(converting: plain, toChannelBlock: block)
    }

    /// All three passes of `geometry` under `policy`, on fixed random operands.
    private func run(_ geometry: ConvolutionGeometry, _ policy: ConvolutionPolicy) -> Results {
        let block = ChannelLayout.preferredBlock
        let inputBlock = ChannelLayout.block(forChannels: geometry.inChannels)
        let input = random(geometry.inputShape, scale: 1, seed: 1, block: inputBlock)
        let weights = random(geometry.weightShape, scale: 0.1, seed: 2)
        let bias = geometry.hasBias ? random([geometry.outChannels], scale: 0.5, seed: 3) : nil
        let outputGradient = random(geometry.outputShape, scale: 1, seed: 4, block: block)
        let output = Tensor(shape: geometry.outputShape, channelBlock: block)
        let inputGradient = Tensor(shape: geometry.inputShape, channelBlock: inputBlock)
        let weightGradient = Tensor(shape: geometry.weightShape)
        let biasGradient = Tensor(shape: [geometry.outChannels])
        let kernel = ConvolutionKernel.shared(geometry, policy: policy)
        kernel.forward(input: input, weights: weights, bias: bias, output: output)
        kernel.backwardData(outputGradient: outputGradient, weights: weights, inputGradient: inputGradient)
        kernel.backwardWeights(
            input: input, outputGradient: outputGradient, weightGradient: weightGradient,
            biasGradient: geometry.hasBias ? biasGradient : nil)
        return Results(
            output: output.toArray(), inputGradient: inputGradient.toArray(), weightGradient: weightGradient.toArray(),
            biasGradient: biasGradient.toArray(), implementations: kernel.implementations,
            scratchpadBytes: kernel.scratchpadBytes)
    }

    private func assertClose(_ fast: [Float], _ exact: [Float], rms: Double, max maxBound: Double, _ what: String) {
        XCTAssertEqual(fast.count, exact.count, what)
        var squaredError = 0.0, squared = 0.0, worst = 0.0, largest = 0.0
        for (f, e) in zip(fast, exact) {
            squaredError += Double(f - e) * Double(f - e)
            squared += Double(e) * Double(e)
            worst = Swift.max(worst, Double(abs(f - e)))
            largest = Swift.max(largest, Double(abs(e)))
        }
        guard squared > 0 else { return XCTAssertEqual(worst, 0, what) }
        let relativeRMS = (squaredError / squared).squareRoot(), relativeMax = worst / largest
        XCTAssertLessThan(relativeRMS, rms, "\(what): relative RMS error")
        XCTAssertLessThan(relativeMax, maxBound, "\(what): largest error / largest value")
    }

    private func compare(
        _ policy: ConvolutionPolicy, rms: Double, max maxBound: Double, expecting variant: String,
        onlyIf applies: (ConvolutionGeometry) -> Bool
    ) throws {
        for c in cases {
            let exact = run(c.geometry, .exact)
            let fast = run(c.geometry, policy)
            let label = "\(c.label), \(policy)"
            assertClose(fast.output, exact.output, rms: rms, max: maxBound, "\(label): forward")
            assertClose(fast.inputGradient, exact.inputGradient, rms: rms, max: maxBound, "\(label): backward-data")
            assertClose(
                fast.weightGradient, exact.weightGradient, rms: rms, max: maxBound, "\(label): backward-weights")
            if c.geometry.hasBias {
                assertClose(fast.biasGradient, exact.biasGradient, rms: rms, max: maxBound, "\(label): bias gradient")
            }
            for (pass, implementation) in fast.implementations {
                let expected = applies(c.geometry) ? variant : "direct"
                XCTAssertTrue(
                    implementation.hasPrefix(expected + " "),
                    "\(label) \(pass): ran \(implementation), expected \(expected)")
                if expected == "winograd" {
                    // Sub-batches exactly when the whole batch's scratch exceeds the budget: the
                    // largest divisor of the batch whose share fits (oneDNN sizes the scratch from
                    // the CPU, so which passes need them differs between machines).
                    let bytes = try XCTUnwrap(fast.scratchpadBytes[pass])
                    let batch = c.geometry.batch, perImage = max(1, bytes / batch)
                    let size =
                        (1...batch).last { batch % $0 == 0 && $0 * perImage <= ConvolutionKernel.scratchBudget } ?? 1
                    let splits = batch > 1 && bytes > ConvolutionKernel.scratchBudget
                    XCTAssertEqual(
                        implementation.hasSuffix(" in sub-batches of \(size)"), splits,
                        "\(label) \(pass): ran \(implementation) with \(bytes) bytes of scratch")
                }
            }
        }
    }

    func testWinogradMatchesDirectInEveryPass() throws {
        guard ChannelLayout.preferredBlock == 16 else { throw XCTSkip("oneDNN 2.6 has Winograd only for AVX-512") }
        try compare(
            try ConvolutionPolicy(algorithm: .winograd, precision: .fp32), rms: 1e-5, max: 5e-5, expecting: "winograd"
        ) {
            $0.kernelSize == 3 && $0.stride == 1
        }
    }

    func testBFloat16MatchesDirectInEveryPass() throws {
        guard CPUFeatures.hasNativeBF16 else { throw XCTSkip("this CPU has no AVX512_BF16") }
        try compare(
            try ConvolutionPolicy(algorithm: .direct, precision: .bf16), rms: 5e-3, max: 1e-2, expecting: "bf16"
        ) { _ in true }
    }

    /// `auto` times every variant on the first call of a pass: the result it leaves is the
    /// chosen variant's, and a backward-weights trial adds to the gradient once.
    func testMeasuredChoiceLeavesOneResultAndAccumulatesOnce() throws {
        let policy = try ConvolutionPolicy(algorithm: .auto, precision: .auto)
        let geometry = ConvolutionGeometry(
            batch: 2, inChannels: 64, outChannels: 64, height: 40, width: 40, kernelSize: 3, padding: 1)
        let block = ChannelLayout.preferredBlock
        let input = random(geometry.inputShape, scale: 1, seed: 5, block: block)
        let weights = random(geometry.weightShape, scale: 0.1, seed: 6)
        let outputGradient = random(geometry.outputShape, scale: 1, seed: 7, block: block)
        let kernel = ConvolutionKernel.shared(geometry, policy: policy)
        let first = Tensor(shape: geometry.outputShape, channelBlock: block),
            second = Tensor(shape: geometry.outputShape, channelBlock: block)
        let bias = random([64], scale: 0.5, seed: 8)
        kernel.forward(input: input, weights: weights, bias: bias, output: first)   // measures
        kernel.forward(input: input, weights: weights, bias: bias, output: second)   // runs the choice
        XCTAssertEqual(first.toArray(), second.toArray())
        let gradient = Tensor(shape: geometry.weightShape), biasGradient = Tensor(shape: [64])
        kernel.backwardWeights(
            input: input, outputGradient: outputGradient, weightGradient: gradient, biasGradient: biasGradient)
        let once = gradient.toArray(), biasOnce = biasGradient.toArray()
        kernel.backwardWeights(
            input: input, outputGradient: outputGradient, weightGradient: gradient, biasGradient: biasGradient)
        XCTAssertEqual(gradient.toArray(), once.map { 2 * $0 }, "the measuring call added more than one gradient")
        XCTAssertEqual(biasGradient.toArray(), biasOnce.map { 2 * $0 })
        XCTAssertEqual(Set(kernel.implementations.keys), ["fwd", "bwd_weights"])
    }

    func testPrecisionBFloat16IsRefusedWithoutNativeSupport() throws {
        guard !CPUFeatures.hasNativeBF16 else {
            // The refusal is checked in a process whose oneDNN is limited to AVX-512 without
            // bfloat16 (CommandLine tests); here only that bf16 is accepted.
            XCTAssertNoThrow(try ConvolutionPolicy(algorithm: .auto, precision: .bf16))
            return
        }
        XCTAssertThrowsError(try ConvolutionPolicy(algorithm: .auto, precision: .bf16)) { error in
            XCTAssertTrue("\(error)".contains("AVX512_BF16"), "\(error)")
        }
        XCTAssertEqual(try ConvolutionPolicy(algorithm: .auto, precision: .auto).precision, .fp32)
    }
}
