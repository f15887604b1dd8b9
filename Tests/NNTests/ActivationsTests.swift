import Foundation
import NN
import Tensors
import XCTest

final class ActivationsTests: XCTestCase {
    func testReLUForwardByHand() throws {
        let y = try ReLU().forward(Tensor(shape: [1, 1, 1, 4], values: [-2, -0.5, 0.5, 3]))
        XCTAssertEqual(y.toArray(), [0, 0, 0.5, 3])
    }

    func testTanhForwardMapsToImageRange() throws {
        let tanh = try Tanh(scale: 127.5, offset: 127.5)
        let y = try tanh.forward(Tensor(shape: [1, 1, 1, 3], values: [-50, 0, 50])).toArray()
        XCTAssertEqual(y[0], 0, accuracy: 1e-3)
        XCTAssertEqual(y[1], 127.5, accuracy: 1e-4)
        XCTAssertEqual(y[2], 255, accuracy: 1e-3)
    }

    func testForwardMatchesNaiveLoopPlainAndBlocked() throws {
        for (channels, block) in [(3, 1), (20, featureBlock)] {
            let x = randomTensor([2, channels, 7, 9], channelBlock: block, low: -3, high: 3)
            let relu = try ReLU().forward(x), tanh = try Tanh(scale: 127.5, offset: 127.5).forward(x)
            XCTAssertEqual(tanh.channelBlock, block)
            assertBlockPaddingIsZero(relu)
            assertBlockPaddingIsZero(tanh)
            let xs = x.toArray(), r = relu.toArray(), t = tanh.toArray()
            for i in 0..<xs.count {
                XCTAssertEqual(r[i], max(xs[i], 0))
                XCTAssertEqual(t[i], 127.5 * Foundation.tanh(xs[i]) + 127.5, accuracy: 1e-4)
            }
        }
    }

    // ε = 1e-3 keeps the differences off ReLU's kink for random inputs.
    func testReLUGradientsPlainOddSizeBatchTwo() throws {
        try assertGradientsMatch(ReLU(), input: randomTensor([2, 3, 7, 9]), epsilon: 1e-3)
    }

    func testReLUGradientsBlockedOddSizeBatchTwo() throws {
        try assertGradientsMatch(ReLU(), input: randomTensor([2, 20, 7, 9], channelBlock: featureBlock), epsilon: 1e-3)
    }

    func testTanhGradientsPlainOddSizeBatchTwo() throws {
        try assertGradientsMatch(try Tanh(scale: 127.5, offset: 127.5), input: randomTensor([2, 3, 7, 9]))
    }

    func testTanhGradientsBlockedOddSizeBatchTwo() throws {
        try assertGradientsMatch(
            try Tanh(scale: 2, offset: -0.5),
            input: randomTensor([2, 20, 7, 9], channelBlock: featureBlock, low: -2, high: 2))
    }

    func testBadArgumentsAreErrors() throws {
        XCTAssertThrowsError(try Tanh(scale: 0))
        XCTAssertThrowsError(try Tanh(scale: .infinity))
        XCTAssertThrowsError(try Tanh(scale: 1, offset: .nan))
        for layer in [ReLU(), try Tanh()] as [Layer] {
            XCTAssertThrowsError(try layer.backward(Tensor(shape: [1, 1, 2, 2])))   // before forward
            _ = try layer.forward(Tensor(shape: [1, 3, 2, 2]))
            XCTAssertThrowsError(try layer.backward(Tensor(shape: [1, 3, 2, 3])))   // wrong gradient shape
        }
    }
}
