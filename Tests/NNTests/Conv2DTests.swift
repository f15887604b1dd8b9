import NN
import Tensors
import XCTest

final class Conv2DTests: XCTestCase {
    func testGradientsZeroPaddingPlain() throws {
        let conv = initialized(try Conv2D(inChannels: 3, outChannels: 5, kernelSize: 3, padding: .zero))
        try assertGradientsMatch(conv, input: randomTensor([2, 3, 6, 5]))
    }

    func testGradientsReflectionNineByNineIntoBlocked() throws {
        let conv = initialized(try Conv2D(inChannels: 3, outChannels: 16, kernelSize: 9, padding: .reflection))
        try assertGradientsMatch(conv, input: randomTensor([1, 3, 11, 10]))
    }

    func testGradientsStrideTwoReflectionOddSizeBatchTwo() throws {
        let conv = initialized(
            try Conv2D(inChannels: 16, outChannels: 24, kernelSize: 3, stride: 2, padding: .reflection))
        try assertGradientsMatch(conv, input: randomTensor([2, 16, 7, 9], channelBlock: featureBlock))
    }

    func testGradientsToThreeChannelsWithoutBias() throws {
        let conv = initialized(
            try Conv2D(inChannels: 20, outChannels: 3, kernelSize: 5, padding: .reflection, bias: false))
        try assertGradientsMatch(conv, input: randomTensor([2, 20, 6, 7], channelBlock: featureBlock))
    }

    func testGradientsFusedReLU() throws {
        let conv = initialized(
            try Conv2D(inChannels: 8, outChannels: 16, kernelSize: 3, padding: .zero, fusedReLU: true))
        try assertGradientsMatch(conv, input: randomTensor([1, 8, 5, 5], channelBlock: featureBlock), epsilon: 1e-3)
    }

    func testGradientsUpsampledInputReflection() throws {
        let conv = initialized(
            try Conv2D(inChannels: 16, outChannels: 8, kernelSize: 3, padding: .reflection, upsamplesInput: true))
        try assertGradientsMatch(conv, input: randomTensor([2, 16, 3, 4], channelBlock: featureBlock))
    }

    func testGradientsUpsampledInputZeroPadding() throws {
        let conv = initialized(
            try Conv2D(inChannels: 3, outChannels: 5, kernelSize: 3, padding: .zero, upsamplesInput: true))
        try assertGradientsMatch(conv, input: randomTensor([1, 3, 3, 2]))
    }

    func testUpsampledInputEqualsUpsamplingThenConvolution() throws {
        for padding in PaddingMode.allCases {
            let fused = initialized(
                try Conv2D(inChannels: 16, outChannels: 8, kernelSize: 3, padding: padding, upsamplesInput: true))
            let plain = try Conv2D(inChannels: 16, outChannels: 8, kernelSize: 3, padding: padding)
            plain.weight.value.copy(from: fused.weight.value)
            plain.bias!.value.copy(from: fused.bias!.value)
            let x = randomTensor([1, 16, 5, 3], channelBlock: featureBlock)
            let upsampled = Tensor(shape: [1, 16, 10, 6], channelBlock: featureBlock)
            NearestUpsampling.forward(x, into: upsampled)
            XCTAssertEqual(try fused.forward(x).toArray(), try plain.forward(upsampled).toArray(), "\(padding)")
        }
    }

    func testInferenceInBandsEqualsTheWholeConvolution() throws {
        for (stride, upsamples) in [(1, false), (2, false), (1, true)] {
            let conv = initialized(
                try Conv2D(
                    inChannels: 16, outChannels: 8, kernelSize: 3, stride: stride,
                    padding: .reflection, fusedReLU: true, upsamplesInput: upsamples))
            let x = randomTensor([2, 16, 9, 7], channelBlock: featureBlock)
            let whole = try conv.forward(x).toArray()
            conv.settings.bandBytes = 3000   // a few rows per band, and a shorter last band
            let banded = try ForwardPass.inferenceOnly { try conv.forward(x).toArray() }
            XCTAssertEqual(banded.count, whole.count)
            for (a, b) in zip(banded, whole) {
                XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(b)), "stride \(stride) upsampling \(upsamples)")
            }
        }
    }

    func testInferenceToThreeChannelsOnTheDirectKernelMatchesOneDNN() throws {
        // The last layer of the transformation network (C → 3, 9×9, reflection) runs on
        // ThreeChannelConvolution in inference: the same values as oneDNN's convolution, with
        // several bands, channels that do not fill the last block, a width that is not a
        // multiple of the kernel's pixels (8 with AVX-512, 4 with AVX2), and the fused ReLU;
        // each block size whose kernel this CPU runs (an AVX-512 CPU runs both); and in training.
        let blocks = [16, 8].filter { ThreeChannelConvolution.isAvailable(forBlock: $0) }
        guard !blocks.isEmpty else { throw XCTSkip("the direct kernels need AVX-512 or AVX2") }
        for block in blocks {
            for (channels, relu) in [(32, false), (20, true), (13, false)] {
                let conv = initialized(
                    try Conv2D(
                        inChannels: channels, outChannels: 3, kernelSize: 9, padding: .reflection, fusedReLU: relu))
                let x = randomTensor([2, channels, 11, 14], channelBlock: block)
                conv.settings.bandBytes = 40_000   // a few rows per band
                conv.settings.usesThreeChannelKernel = false
                let oneDNN = try ForwardPass.inferenceOnly { try conv.forward(x).toArray() }
                conv.settings.usesThreeChannelKernel = true
                let direct = try ForwardPass.inferenceOnly { try conv.forward(x) }
                XCTAssertEqual(direct.shape, [2, 3, 11, 14])
                XCTAssertEqual(direct.channelBlock, 1)
                for (a, b) in zip(direct.toArray(), oneDNN) {
                    XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(b)), "block \(block), \(channels) channels")
                }
                if relu { XCTAssertTrue(direct.toArray().contains(0)) }
                // Training's forward pass (the whole padded input, kept for backward) too.
                let training = try conv.forward(x).toArray()
                for (a, b) in zip(training, oneDNN) {
                    XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(b)), "training, block \(block)")
                }
            }
        }
    }

    func testForwardMatchesDirectComputation() throws {
        // An independent reference: the textbook sum, with reflection padding, stride 2.
        let conv = initialized(
            try Conv2D(inChannels: 3, outChannels: 2, kernelSize: 3, stride: 2, padding: .reflection))
        let x = randomTensor([1, 3, 5, 6])
        let y = try conv.forward(x).toArray()
        let w = conv.weight.value.toArray(), b = conv.bias!.value.toArray(), xs = x.toArray()
        func reflect(_ i: Int, _ n: Int) -> Int { i < 0 ? -i : (i >= n ? 2 * n - 2 - i : i) }
        let (oh, ow) = (3, 3)
        for o in 0..<2 {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var sum = b[o]
                    for c in 0..<3 {
                        for u in 0..<3 {
                            for v in 0..<3 {
                                let iy = reflect(oy * 2 + u - 1, 5), ix = reflect(ox * 2 + v - 1, 6)
                                sum += w[((o * 3 + c) * 3 + u) * 3 + v] * xs[(c * 5 + iy) * 6 + ix]
                            }
                        }
                    }
                    XCTAssertEqual(y[(o * oh + oy) * ow + ox], sum, accuracy: 1e-4)
                }
            }
        }
    }

    func testFrozenLayerComputesNoWeightGradient() throws {
        let conv = initialized(try Conv2D(inChannels: 3, outChannels: 8, kernelSize: 3))
        conv.weight.isTrainable = false
        conv.bias!.isTrainable = false
        let y = try conv.forward(randomTensor([1, 3, 4, 4]))
        _ = try conv.backward(randomTensor(y.shape, channelBlock: y.channelBlock))
        XCTAssertEqual(conv.weight.gradient.toArray().map(abs).max(), 0)
    }

    func testBadArgumentsAreErrors() {
        XCTAssertThrowsError(try Conv2D(inChannels: -1, outChannels: 4, kernelSize: 3))
        XCTAssertThrowsError(try Conv2D(inChannels: 3, outChannels: 4, kernelSize: 4))
        XCTAssertThrowsError(try Conv2D(inChannels: 3, outChannels: 4, kernelSize: 3, stride: 3))
        let conv = try! Conv2D(inChannels: 3, outChannels: 4, kernelSize: 3, padding: .reflection)
        XCTAssertThrowsError(try conv.forward(Tensor(shape: [1, 5, 8, 8])))   // wrong channels
        XCTAssertThrowsError(try conv.forward(Tensor(shape: [1, 3, 1, 8])))   // too small to reflect
        XCTAssertThrowsError(try conv.forward(Tensor(shape: [3, 8, 8])))   // wrong rank
        XCTAssertThrowsError(try conv.backward(Tensor(shape: [1, 4, 8, 8])))   // before forward
    }
}
