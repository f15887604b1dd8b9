import NN
import Tensors
import XCTest

final class SequentialTests: XCTestCase {
    func testForwardChainsInOrder() throws {
        // Average pooling undoes nearest upsampling exactly; padding then pooling a 2×2 input
        // [[1, 2], [3, 4]] by 1 gives the 4×4 [[4,3,4,3],[2,1,2,1],[4,3,4,3],[2,1,2,1]], whose
        // 2×2 maxima are all 4.
        let x = randomTensor([2, 20, 3, 5], channelBlock: featureBlock)
        let identity = try Sequential([Upsample2D(), AvgPool2D()])
        XCTAssertEqual(try identity.forward(x).toArray(), x.toArray())
        let padThenPool = try Sequential([try ReflectionPad2D(pad: 1), MaxPool2D()])
        XCTAssertEqual(
            try padThenPool.forward(Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4])).toArray(), [4, 4, 4, 4])
    }

    func testParametersAreConcatenatedInLayerOrder() throws {
        let first = try Conv2D(inChannels: 3, outChannels: 16, kernelSize: 3)
        let last = try TransposedConv2D(inChannels: 16, outChannels: 3, bias: false)
        let model = try Sequential([first, ReLU(), last])
        let names = model.parameters.map(\.name)
        XCTAssertEqual(names, ["conv.weight", "conv.bias", "deconv.weight"])
        XCTAssertTrue(model.parameters[2] === last.weight)
    }

    func testGradientsThroughConvTanhPoolDeconvPlainOddSizeBatchTwo() throws {
        let model = try Sequential([
            initialized(try Conv2D(inChannels: 3, outChannels: 16, kernelSize: 3, padding: .reflection)),
            try Tanh(),
            AvgPool2D(),
            initialized(try TransposedConv2D(inChannels: 16, outChannels: 3)),
        ])
        try assertGradientsMatch(model, input: randomTensor([2, 3, 7, 9]))
    }

    func testGradientsThroughBlockedLayers() throws {
        let model = try Sequential([try ReflectionPad2D(pad: 2), MaxPool2D(), Upsample2D(), ReLU()])
        try assertGradientsMatch(model, input: randomTensor([2, 20, 7, 9], channelBlock: featureBlock), epsilon: 1e-3)
    }

    func testFirstLayerWithoutInputGradientMakesBackwardNil() throws {
        let conv = initialized(try Conv2D(inChannels: 3, outChannels: 8, kernelSize: 3))
        conv.computesInputGradient = false
        let model = try Sequential([conv, ReLU()])
        let y = try model.forward(randomTensor([1, 3, 5, 5]))
        XCTAssertNil(try model.backward(randomTensor(y.shape, channelBlock: y.channelBlock)))
        XCTAssertGreaterThan(conv.weight.gradient.toArray().map(abs).max()!, 0)
    }

    func testBadArgumentsAreErrors() throws {
        XCTAssertThrowsError(try Sequential([]))
        let conv = initialized(try Conv2D(inChannels: 3, outChannels: 8, kernelSize: 3))
        conv.computesInputGradient = false
        let cutOff = try Sequential([ReLU(), conv])
        XCTAssertThrowsError(try cutOff.backward(Tensor(shape: [1, 8, 4, 4])))   // before forward
        let y = try cutOff.forward(randomTensor([1, 3, 4, 4]))
        // The gradient is cut off.
        XCTAssertThrowsError(try cutOff.backward(randomTensor(y.shape, channelBlock: y.channelBlock)))
        XCTAssertThrowsError(try Sequential([MaxPool2D()]).forward(Tensor(shape: [2, 3])))   // wrong rank
    }
}
