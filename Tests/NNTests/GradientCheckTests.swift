import NN
import Tensors
import XCTest

final class GradientCheckTests: XCTestCase {
    /// y = 3x, with a backward that is right or (on purpose) twice too large.
    private final class Tripling: Layer {
        let gradientFactor: Float
        private var output: Tensor?
        private var inputGradient: Tensor?

        init(gradientFactor: Float) { self.gradientFactor = gradientFactor }

        func forward(_ x: Tensor) throws -> Tensor {
            let y = Tensor(shape: x.shape, channelBlock: x.channelBlock)
            for i in 0..<x.storageCount { y.data[i] = 3 * x.data[i] }
            output = y
            return y
        }

        func backward(_ dy: Tensor) throws -> Tensor? {
            let dx = Tensor(shape: dy.shape, channelBlock: dy.channelBlock)
            for i in 0..<dy.storageCount { dx.data[i] = gradientFactor * 3 * dy.data[i] }
            return dx
        }
    }

    func testCorrectBackwardPasses() throws {
        let results = try GradientCheck.check(layer: Tripling(gradientFactor: 1), input: randomTensor([2, 3, 5, 7]))
        XCTAssertEqual(results.count, 1)
        XCTAssertLessThan(results[0].maxRelativeError, 1e-3)
    }

    func testWrongBackwardIsCaught() throws {
        for (channels, block) in [(3, 1), (20, featureBlock)] {
            let results = try GradientCheck.check(
                layer: Tripling(gradientFactor: 2),
                input: randomTensor([2, channels, 5, 7], channelBlock: block))
            XCTAssertEqual(results.count, 1)
            // analytic 6·r against numeric 3·r: relative error 1/2 at every coordinate.
            XCTAssertEqual(results[0].maxRelativeError, 0.5, accuracy: 1e-2, results[0].description)
        }
    }

    /// Within ε of ReLU's kink the central difference is wrong; there the gradient is judged by
    /// the one-sided difference of its own side. Away from kinks nothing changes.
    func testKinksAreJudgedFromTheirOwnSide() throws {
        let x = Tensor(shape: [1, 1, 1, 4], values: [0.004, -0.003, 0.5, -0.5])
        let result = try GradientCheck.check(layer: ReLU(), input: x, epsilon: 1e-2)
        XCTAssertEqual(result.count, 1)
        XCTAssertEqual(result[0].checked, 4)
        XCTAssertEqual(result[0].kinks, 2)
        XCTAssertLessThan(result[0].maxRelativeError, 1e-3, result[0].description)
    }
}
