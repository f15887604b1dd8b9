import NN
import Tensors
import XCTest

final class Pooling2DTests: XCTestCase {
    // 3×5: the last row and column are dropped (floor mode).
    private let handInput = Tensor(
        shape: [1, 1, 3, 5],
        values: [
            1, 5, 2, 0, 9,
            3, 4, 8, 7, -1,
            6, 6, 6, 6, 6,
        ])

    func testMaxForwardByHand() throws {
        let y = try MaxPool2D().forward(handInput)
        XCTAssertEqual(y.shape, [1, 1, 1, 2])
        XCTAssertEqual(y.toArray(), [5, 8])
    }

    func testAverageForwardByHand() throws {
        let y = try AvgPool2D().forward(handInput)
        XCTAssertEqual(y.shape, [1, 1, 1, 2])
        XCTAssertEqual(y.toArray(), [3.25, 4.25])
    }

    func testForwardMatchesNaiveLoopPlainAndBlocked() throws {
        for (channels, block) in [(3, 1), (20, featureBlock)] {
            let x = randomTensor([2, channels, 7, 9], channelBlock: block)
            let maxY = try MaxPool2D().forward(x), avgY = try AvgPool2D().forward(x)
            XCTAssertEqual(maxY.shape, [2, channels, 3, 4])
            XCTAssertEqual(maxY.channelBlock, block)
            assertBlockPaddingIsZero(maxY)
            assertBlockPaddingIsZero(avgY)
            let xs = x.toArray(), maxes = maxY.toArray(), means = avgY.toArray()
            for n in 0..<2 {
                for c in 0..<channels {
                    for oy in 0..<3 {
                        for ox in 0..<4 {
                            let window = [(0, 0), (0, 1), (1, 0), (1, 1)].map {
                                xs[plainIndex(x.shape, n, c, 2 * oy + $0.0, 2 * ox + $0.1)]
                            }
                            let o = plainIndex(maxY.shape, n, c, oy, ox)
                            XCTAssertEqual(maxes[o], window.max()!)
                            XCTAssertEqual(means[o], window.reduce(0, +) / 4, accuracy: 1e-6)
                        }
                    }
                }
            }
        }
    }

    func testMaxBackwardRoutesToFirstMaximum() throws {
        let pool = MaxPool2D()
        let dy = Tensor(shape: [1, 1, 1, 1], values: [3])
        _ = try pool.forward(Tensor(shape: [1, 1, 2, 2], values: [1, 1, 1, 1]))
        XCTAssertEqual(try pool.backward(dy)?.toArray(), [3, 0, 0, 0])
        _ = try pool.forward(Tensor(shape: [1, 1, 2, 2], values: [0, 2, 1, 2]))
        XCTAssertEqual(try pool.backward(dy)?.toArray(), [0, 3, 0, 0])
        _ = try pool.forward(Tensor(shape: [1, 1, 2, 3], values: [0, 1, 9, 2, -1, 9]))
        XCTAssertEqual(try pool.backward(dy)?.toArray(), [0, 0, 0, 3, 0, 0])
    }

    // Random floats have no ties; ε = 1e-3 is far below the typical gap between a window's two
    // largest values, so the differences never swap maxima.
    func testMaxGradientsPlainOddSizeBatchTwo() throws {
        try assertGradientsMatch(MaxPool2D(), input: randomTensor([2, 3, 7, 9]), tolerance: 1e-2, epsilon: 1e-3)
    }

    func testMaxGradientsBlockedOddSizeBatchTwo() throws {
        try assertGradientsMatch(
            MaxPool2D(), input: randomTensor([2, 20, 7, 9], channelBlock: featureBlock),
            tolerance: 1e-2, epsilon: 1e-3)
    }

    func testAverageGradientsPlainOddSizeBatchTwo() throws {
        try assertGradientsMatch(AvgPool2D(), input: randomTensor([2, 3, 7, 9]))
    }

    func testAverageGradientsBlockedOddSizeBatchTwo() throws {
        try assertGradientsMatch(AvgPool2D(), input: randomTensor([2, 20, 7, 9], channelBlock: featureBlock))
    }

    func testBadArgumentsAreErrors() throws {
        for pool in [MaxPool2D(), AvgPool2D()] as [Layer] {
            XCTAssertThrowsError(try pool.backward(Tensor(shape: [1, 1, 2, 2])))   // before forward
            XCTAssertThrowsError(try pool.forward(Tensor(shape: [1, 3, 4])))   // wrong rank
            XCTAssertThrowsError(try pool.forward(Tensor(shape: [1, 3, 1, 4])))   // too small
            _ = try pool.forward(Tensor(shape: [1, 3, 4, 4]))
            XCTAssertThrowsError(try pool.backward(Tensor(shape: [1, 3, 4, 4])))   // wrong gradient shape
            XCTAssertThrowsError(try pool.backward(Tensor(shape: [1, 3, 2])))   // wrong gradient rank
        }
    }
}
