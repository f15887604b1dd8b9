import NN
import Tensors
import XCTest

final class LossTests: XCTestCase {
    func testGramMatrixGradientsBlockedBatchTwo() throws {
        try assertGradientsMatch(GramMatrix(), input: randomTensor([2, 20, 5, 3], channelBlock: featureBlock))
    }

    func testGramMatrixGradientsPlainOddSize() throws {
        try assertGradientsMatch(GramMatrix(), input: randomTensor([1, 3, 7, 9]))
    }

    func testGramMatrixValuesMatchDirectSum() throws {
        let x = randomTensor([2, 17, 3, 5], channelBlock: featureBlock)
        let g = try GramMatrix().forward(x).toArray()
        let v = x.toArray(), (c, hw) = (17, 15)
        for n in 0..<2 {
            for i in 0..<c {
                for j in 0..<c {
                    var sum: Float = 0
                    for p in 0..<hw { sum += v[(n * c + i) * hw + p] * v[(n * c + j) * hw + p] }
                    XCTAssertEqual(g[(n * c + i) * c + j], sum / Float(c * hw), accuracy: 1e-5)
                }
            }
        }
    }

    func testMeanSquaredErrorGradient() throws {
        let a = randomTensor([2, 20, 3, 5], channelBlock: featureBlock, seed: 1)
        let b = randomTensor([2, 20, 3, 5], channelBlock: featureBlock, seed: 2)
        let analytic = Tensor(shape: a.shape, channelBlock: a.channelBlock)
        try MeanSquaredError.gradient(a, b, weight: 3, into: analytic)
        let r = try GradientCheck.compare(name: "mse", x: a, analyticGradient: analytic) {
            try 3 * MeanSquaredError.loss(a, b)
        }
        XCTAssertLessThan(r.maxRelativeError, 1e-2, r.description)
        let (u, v) = (a.toArray(), b.toArray())
        let direct = zip(u, v).map { Double(($0 - $1) * ($0 - $1)) }.reduce(0, +) / Double(u.count)
        XCTAssertEqual(try MeanSquaredError.loss(a, b), direct, accuracy: 1e-6)
    }

    func testTotalVariationGradientAndValue() throws {
        let image = randomTensor([2, 3, 5, 4], low: 0, high: 255)
        let analytic = Tensor(shape: image.shape)
        try TotalVariation.gradient(image, weight: 0.5, into: analytic)
        let r = try GradientCheck.compare(name: "tv", x: image, analyticGradient: analytic, epsilon: 0.5) {
            try 0.5 * TotalVariation.loss(image)
        }
        XCTAssertLessThan(r.maxRelativeError, 1e-2, r.description)
        // A 1×2 image with pixels 0 and 3: one pair, (3 − 0)² = 9 per channel.
        let pair = Tensor(shape: [1, 1, 1, 2], values: [0, 3])
        XCTAssertEqual(try TotalVariation.loss(pair), 9)
    }

    func testMismatchedShapesThrow() {
        XCTAssertThrowsError(try MeanSquaredError.loss(Tensor(shape: [1, 3, 2, 2]), Tensor(shape: [1, 3, 2, 3])))
        XCTAssertThrowsError(try GramMatrix().backward(Tensor(shape: [1, 3, 3])))
        XCTAssertThrowsError(try TotalVariation.loss(Tensor(shape: [3, 2, 2])))
    }
}
