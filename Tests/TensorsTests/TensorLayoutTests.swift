import Tensors
import XCTest

final class TensorLayoutTests: XCTestCase {
    private func sequential(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map(Float.init))
    }

    func testBlockedRoundTripKeepsValuesAndZeroPadding() {
        for block in [8, 16] {
            let plain = sequential([2, 19, 3, 5])
            let blocked = Tensor(converting: plain, toChannelBlock: block)
            XCTAssertEqual(blocked.storageCount, 2 * ((19 + block - 1) / block) * block * 15)
            XCTAssertEqual(blocked.toArray(), plain.toArray())
            // Logical element (n, c, y, x) sits where index() says.
            XCTAssertEqual(blocked.data[blocked.index(1, 17, 2, 4)], plain.data[((1 * 19 + 17) * 3 + 2) * 5 + 4])
            // The channels past 19 in the last block are zero.
            let padding = (0..<blocked.storageCount).filter { i in
                (i % block) >= 19 % block && (i / (15 * block)) % blocked.channelBlocks == blocked.channelBlocks - 1
            }
            XCTAssertTrue(padding.allSatisfy { blocked.data[$0] == 0 })
        }
    }

    func testFillKeepsBlockPaddingZero() {
        let t = Tensor(shape: [1, 3, 2, 2], channelBlock: 16)
        t.fill(5)
        XCTAssertEqual(t.toArray(), [Float](repeating: 5, count: 12))
        XCTAssertEqual((0..<t.storageCount).map { t.data[$0] }.filter { $0 != 0 }.count, 12)
    }

    func testMatrixMultiplyMatchesNaiveWithTransposes() {
        var generator = SeededGenerator(seed: 3)
        let (batch, m, k, n) = (2, 5, 7, 3)
        let a = Tensor(shape: [batch, m, k]), b = Tensor(shape: [batch, n, k])
        a.fillUniform(-1, 1, using: &generator)
        b.fillUniform(-1, 1, using: &generator)
        let c = Tensor(shape: [batch, m, n])
        MatrixMultiply.multiply(batch: batch, m: m, k: k, n: n, a.data, b.data, transposeB: true, into: c.data)
        for s in 0..<batch {
            for i in 0..<m {
                for j in 0..<n {
                    var sum: Float = 0
                    for p in 0..<k { sum += a.data[(s * m + i) * k + p] * b.data[(s * n + j) * k + p] }
                    XCTAssertEqual(c.data[(s * m + i) * n + j], sum, accuracy: 1e-5)
                }
            }
        }
    }

    func testConvolutionGeometryOutputSizes() {
        let strided = ConvolutionGeometry(
            batch: 1, inChannels: 3, outChannels: 8, height: 9, width: 8, kernelSize: 3, stride: 2, padding: 1)
        XCTAssertEqual(strided.outputShape, [1, 8, 5, 4])
        let up = ConvolutionGeometry(
            batch: 1, inChannels: 8, outChannels: 4, height: 5, width: 7, kernelSize: 3, stride: 2,
            padding: 1, outputPadding: 1, transposed: true)
        XCTAssertEqual(up.outputShape, [1, 4, 10, 14])
    }

    func testPreferredBlockIsAKnownLayout() {
        XCTAssertTrue([1, 8, 16].contains(ChannelLayout.preferredBlock))
        XCTAssertEqual(ChannelLayout.block(forChannels: 3), 1)
    }
}
