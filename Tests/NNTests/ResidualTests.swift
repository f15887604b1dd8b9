import Foundation
import NN
import Tensors
import XCTest

final class ResidualTests: XCTestCase {
    func testForwardAddsInputToBodyPlainAndBlocked() throws {
        for (channels, block) in [(3, 1), (20, featureBlock)] {
            let x = randomTensor([2, channels, 7, 9], channelBlock: block)
            let y = try Residual(body: try Tanh()).forward(x)
            XCTAssertEqual(y.channelBlock, block)
            assertBlockPaddingIsZero(y)
            let xs = x.toArray(), ys = y.toArray()
            for i in 0..<xs.count { XCTAssertEqual(ys[i], xs[i] + Foundation.tanh(xs[i]), accuracy: 1e-6) }
        }
    }

    func testBackwardByHand() throws {
        // y = x + 3·tanh(x) at x = 0: dy/dx = 1 + 3.
        let block = Residual(body: try Tanh(scale: 3))
        _ = try block.forward(Tensor(shape: [1, 1, 1, 2]))
        XCTAssertEqual(try block.backward(Tensor(shape: [1, 1, 1, 2], values: [1, -2]))?.toArray(), [4, -8])
    }

    private func convolutionBody(channels: Int) throws -> Sequential {
        try Sequential([
            initialized(try Conv2D(inChannels: channels, outChannels: channels, kernelSize: 3, padding: .reflection)),
            try Tanh(),
            initialized(
                try Conv2D(inChannels: channels, outChannels: channels, kernelSize: 3, padding: .reflection), seed: 5),
        ])
    }

    func testGradientsPlainOddSizeBatchTwo() throws {
        try assertGradientsMatch(Residual(body: try convolutionBody(channels: 3)), input: randomTensor([2, 3, 7, 9]))
    }

    func testGradientsBlockedOddSizeBatchTwo() throws {
        try assertGradientsMatch(
            Residual(body: try convolutionBody(channels: 16)),
            input: randomTensor([2, 16, 7, 9], channelBlock: featureBlock))
    }

    func testGradientsWhenTheBodyChangesTheLayout() throws {
        // A plain 16-channel input; the convolutions answer in the blocked layout.
        let block = Residual(body: try convolutionBody(channels: 16))
        let x = randomTensor([1, 16, 5, 7])
        XCTAssertEqual(try block.forward(x).channelBlock, 1)
        try assertGradientsMatch(block, input: x)
    }

    func testBadArgumentsAreErrors() throws {
        XCTAssertThrowsError(try Residual(body: ReLU()).backward(Tensor(shape: [1, 1, 2, 2])))   // before forward
        XCTAssertThrowsError(try Residual(body: MaxPool2D()).forward(Tensor(shape: [1, 3, 4, 4])))   // body shrinks
        let narrowing = try Conv2D(inChannels: 16, outChannels: 8, kernelSize: 3)
        XCTAssertThrowsError(try Residual(body: narrowing).forward(Tensor(shape: [1, 16, 4, 4])))   // body narrows
        XCTAssertThrowsError(try Residual(body: Upsample2D()).forward(Tensor(shape: [4, 4])))   // wrong rank
        let block = Residual(body: ReLU())
        _ = try block.forward(Tensor(shape: [1, 3, 4, 4]))
        XCTAssertThrowsError(try block.backward(Tensor(shape: [1, 3, 4, 5])))   // wrong gradient shape
    }
}
