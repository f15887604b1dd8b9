import NN
import Tensors
import XCTest

final class TransposedConv2DTests: XCTestCase {
    /// The textbook scatter: every input pixel (i, j) adds w[o, c, u, v] · x[c, i, j] at output
    /// (2i − K/2 + u, 2j − K/2 + v) when that lies inside the 2H × 2W output.
    private func naiveTransposedConvolution(_ layer: TransposedConv2D, _ x: Tensor) -> [Float] {
        let (n, cin, h, w) = (x.batch, x.channels, x.height, x.width)
        let (cout, k) = (layer.outChannels, layer.kernelSize)
        let outShape = [n, cout, 2 * h, 2 * w]
        let xs = x.toArray(), ws = layer.weight.value.toArray(), bs = layer.bias?.value.toArray()
        var y = [Float](repeating: 0, count: outShape.reduce(1, *))
        for s in 0..<n {
            for o in 0..<cout {
                for oy in 0..<2 * h { for ox in 0..<2 * w { y[plainIndex(outShape, s, o, oy, ox)] = bs?[o] ?? 0 } }
                for c in 0..<cin {
                    for i in 0..<h {
                        for j in 0..<w {
                            for u in 0..<k {
                                for v in 0..<k {
                                    let oy = 2 * i - k / 2 + u, ox = 2 * j - k / 2 + v
                                    guard oy >= 0, oy < 2 * h, ox >= 0, ox < 2 * w else { continue }
                                    y[plainIndex(outShape, s, o, oy, ox)] +=
                                        ws[((o * cin + c) * k + u) * k + v] * xs[plainIndex(x.shape, s, c, i, j)]
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    private func assertMatchesNaive(
        _ layer: TransposedConv2D, _ x: Tensor, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let y = try layer.forward(x)
        XCTAssertEqual(y.shape, [x.batch, layer.outChannels, 2 * x.height, 2 * x.width], file: file, line: line)
        XCTAssertEqual(y.channelBlock, ChannelLayout.block(forChannels: layer.outChannels), file: file, line: line)
        assertBlockPaddingIsZero(y, file: file, line: line)
        let expected = naiveTransposedConvolution(layer, x), actual = y.toArray()
        var worst: Float = 0
        for i in 0..<expected.count { worst = max(worst, abs(expected[i] - actual[i])) }
        XCTAssertLessThan(worst, 1e-4, file: file, line: line)
    }

    func testForwardByHandSingleChannel() throws {
        // One input pixel of value 2 scatters the 3×3 kernel, centred on output (0, 0) and cut
        // off above and left: output (a, b) gets 2 · w[1 + a, 1 + b].
        let layer = try TransposedConv2D(inChannels: 1, outChannels: 1, bias: false)
        for i in 0..<9 { layer.weight.value.data[i] = Float(i + 1) }
        let y = try layer.forward(Tensor(shape: [1, 1, 1, 1], values: [2]))
        XCTAssertEqual(y.shape, [1, 1, 2, 2])
        XCTAssertEqual(y.toArray(), [10, 12, 16, 18])
    }

    func testForwardMatchesNaiveLoopPlainIntoBlocked() throws {
        try assertMatchesNaive(
            initialized(try TransposedConv2D(inChannels: 3, outChannels: 16)), randomTensor([2, 3, 4, 5]))
    }

    func testForwardMatchesNaiveLoopBlockedIntoPlainWithoutBias() throws {
        let layer = initialized(try TransposedConv2D(inChannels: 20, outChannels: 3, bias: false))
        try assertMatchesNaive(layer, randomTensor([1, 20, 3, 4], channelBlock: featureBlock))
    }

    func testForwardMatchesNaiveLoopFiveByFiveKernel() throws {
        let layer = initialized(try TransposedConv2D(inChannels: 16, outChannels: 20, kernelSize: 5))
        try assertMatchesNaive(layer, randomTensor([2, 16, 3, 5], channelBlock: featureBlock))
    }

    func testGradientsPlainIntoBlockedOddSizeBatchTwo() throws {
        let layer = initialized(try TransposedConv2D(inChannels: 3, outChannels: 16))
        try assertGradientsMatch(layer, input: randomTensor([2, 3, 7, 9]))
    }

    func testGradientsBlockedIntoBlockedOddSizeBatchTwo() throws {
        let layer = initialized(try TransposedConv2D(inChannels: 20, outChannels: 16))
        try assertGradientsMatch(layer, input: randomTensor([2, 20, 7, 9], channelBlock: featureBlock))
    }

    func testGradientsBlockedIntoPlainWithoutBias() throws {
        let layer = initialized(try TransposedConv2D(inChannels: 16, outChannels: 3, bias: false))
        try assertGradientsMatch(layer, input: randomTensor([2, 16, 5, 7], channelBlock: featureBlock))
    }

    func testInitializationUsesPyTorchTransposedFanIn() throws {
        // fan_in = Cout · K · K = 4 · 9, so the bound is 1/6.
        let layer = initialized(try TransposedConv2D(inChannels: 32, outChannels: 4))
        let weights = layer.weight.value.toArray().map(abs), bias = layer.bias!.value.toArray().map(abs)
        XCTAssertLessThanOrEqual(weights.max()!, 1 / 6)
        XCTAssertGreaterThan(weights.max()!, 0.95 / 6)
        XCTAssertLessThanOrEqual(bias.max()!, 1 / 6)
    }

    func testFirstLayerReturnsNoInputGradientButWeightGradients() throws {
        let layer = initialized(try TransposedConv2D(inChannels: 3, outChannels: 8))
        layer.computesInputGradient = false
        let y = try layer.forward(randomTensor([1, 3, 4, 4]))
        XCTAssertNil(try layer.backward(randomTensor(y.shape, channelBlock: y.channelBlock)))
        XCTAssertGreaterThan(layer.weight.gradient.toArray().map(abs).max()!, 0)
    }

    func testBadArgumentsAreErrors() throws {
        XCTAssertThrowsError(try TransposedConv2D(inChannels: 0, outChannels: 4))
        XCTAssertThrowsError(try TransposedConv2D(inChannels: 3, outChannels: 4, kernelSize: 4))
        XCTAssertThrowsError(try TransposedConv2D(inChannels: 3, outChannels: 4, kernelSize: 1))
        let layer = try TransposedConv2D(inChannels: 3, outChannels: 4)
        XCTAssertThrowsError(try layer.backward(Tensor(shape: [1, 4, 8, 8])))   // before forward
        XCTAssertThrowsError(try layer.forward(Tensor(shape: [1, 5, 4, 4])))   // wrong channels
        XCTAssertThrowsError(try layer.forward(Tensor(shape: [3, 4, 4])))   // wrong rank
        _ = try layer.forward(Tensor(shape: [1, 3, 4, 4]))
        XCTAssertThrowsError(try layer.backward(Tensor(shape: [1, 4, 7, 7])))   // wrong gradient shape
    }
}
