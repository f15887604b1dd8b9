import NN
import Tensors
import XCTest

final class ReflectionPad2DTests: XCTestCase {
    func testForwardByHandMatchesTorchReflectionPad2d() throws {
        let x = Tensor(shape: [1, 1, 3, 3], values: [0, 1, 2, 3, 4, 5, 6, 7, 8])
        let y = try ReflectionPad2D(pad: 1).forward(x)
        XCTAssertEqual(y.shape, [1, 1, 5, 5])
        XCTAssertEqual(
            y.toArray(),
            [
                4, 3, 4, 5, 4,
                1, 0, 1, 2, 1,
                4, 3, 4, 5, 4,
                7, 6, 7, 8, 7,
                4, 3, 4, 5, 4,
            ])
    }

    func testForwardMatchesNaiveLoopPlainAndBlocked() throws {
        func reflect(_ i: Int, _ n: Int) -> Int { i < 0 ? -i : (i >= n ? 2 * n - 2 - i : i) }
        for (channels, block) in [(3, 1), (20, featureBlock)] {
            let x = randomTensor([2, channels, 7, 9], channelBlock: block)
            let y = try ReflectionPad2D(pad: 3).forward(x)
            XCTAssertEqual(y.shape, [2, channels, 13, 15])
            XCTAssertEqual(y.channelBlock, block)
            assertBlockPaddingIsZero(y)
            let xs = x.toArray(), ys = y.toArray()
            for n in 0..<2 {
                for c in 0..<channels {
                    for oy in 0..<13 {
                        for ox in 0..<15 {
                            XCTAssertEqual(
                                ys[plainIndex(y.shape, n, c, oy, ox)],
                                xs[plainIndex(x.shape, n, c, reflect(oy - 3, 7), reflect(ox - 3, 9))])
                        }
                    }
                }
            }
        }
    }

    func testGradientsPlainOddSizeBatchTwo() throws {
        try assertGradientsMatch(try ReflectionPad2D(pad: 2), input: randomTensor([2, 3, 7, 9]))
    }

    func testGradientsBlockedOddSizeBatchTwo() throws {
        try assertGradientsMatch(
            try ReflectionPad2D(pad: 4), input: randomTensor([2, 20, 7, 9], channelBlock: featureBlock))
    }

    func testBadArgumentsAreErrors() throws {
        XCTAssertThrowsError(try ReflectionPad2D(pad: -1))
        let pad = try ReflectionPad2D(pad: 3)
        XCTAssertThrowsError(try pad.backward(Tensor(shape: [1, 1, 9, 9])))   // before forward
        XCTAssertThrowsError(try pad.forward(Tensor(shape: [1, 1, 3, 8])))   // pad = H
        XCTAssertThrowsError(try pad.forward(Tensor(shape: [1, 1, 8, 2])))   // pad > W
        XCTAssertThrowsError(try pad.forward(Tensor(shape: [8, 8])))   // wrong rank
        _ = try pad.forward(Tensor(shape: [1, 1, 4, 4]))
        XCTAssertThrowsError(try pad.backward(Tensor(shape: [1, 1, 4, 4])))   // wrong gradient shape
        XCTAssertThrowsError(try pad.backward(Tensor(shape: [1, 1, 10, 10], channelBlock: 8)))   // wrong layout
    }
}
