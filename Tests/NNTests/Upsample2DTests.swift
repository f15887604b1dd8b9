import NN
import Tensors
import XCTest

final class Upsample2DTests: XCTestCase {
    func testForwardByHand() throws {
        let y = try Upsample2D().forward(Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4]))
        XCTAssertEqual(y.shape, [1, 1, 4, 4])
        XCTAssertEqual(
            y.toArray(),
            [
                1, 1, 2, 2,
                1, 1, 2, 2,
                3, 3, 4, 4,
                3, 3, 4, 4,
            ])
    }

    func testBackwardByHandSumsFourGradients() throws {
        let up = Upsample2D()
        _ = try up.forward(Tensor(shape: [1, 1, 1, 2]))
        let dx = try up.backward(Tensor(shape: [1, 1, 2, 4], values: [1, 2, 10, 20, 3, 4, 30, 40]))
        XCTAssertEqual(dx?.toArray(), [10, 100])
    }

    func testForwardMatchesNaiveLoopPlainAndBlocked() throws {
        for (channels, block) in [(3, 1), (20, featureBlock)] {
            let x = randomTensor([2, channels, 3, 5], channelBlock: block)
            let y = try Upsample2D().forward(x)
            XCTAssertEqual(y.shape, [2, channels, 6, 10])
            XCTAssertEqual(y.channelBlock, block)
            assertBlockPaddingIsZero(y)
            let xs = x.toArray(), ys = y.toArray()
            for n in 0..<2 {
                for c in 0..<channels {
                    for oy in 0..<6 {
                        for ox in 0..<10 {
                            XCTAssertEqual(
                                ys[plainIndex(y.shape, n, c, oy, ox)], xs[plainIndex(x.shape, n, c, oy / 2, ox / 2)])
                        }
                    }
                }
            }
        }
    }

    func testGradientsPlainOddSizeBatchTwo() throws {
        try assertGradientsMatch(Upsample2D(), input: randomTensor([2, 3, 7, 9]))
    }

    func testGradientsBlockedOddSizeBatchTwo() throws {
        try assertGradientsMatch(Upsample2D(), input: randomTensor([2, 20, 7, 9], channelBlock: featureBlock))
    }

    func testBadArgumentsAreErrors() throws {
        let up = Upsample2D()
        XCTAssertThrowsError(try up.backward(Tensor(shape: [1, 1, 2, 2])))   // before forward
        XCTAssertThrowsError(try up.forward(Tensor(shape: [3, 4, 4])))   // wrong rank
        _ = try up.forward(Tensor(shape: [1, 3, 4, 4]))
        XCTAssertThrowsError(try up.backward(Tensor(shape: [1, 3, 4, 4])))   // gradient of the input's shape
    }
}
