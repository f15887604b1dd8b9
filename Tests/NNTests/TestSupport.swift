import NN
import Tensors
import XCTest

/// A tensor of the given logical shape with uniform values in [-1, 1), stored in `channelBlock`.
func randomTensor(_ shape: [Int], channelBlock: Int = 1, seed: UInt64 = 1, low: Float = -1, high: Float = 1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    let plain = Tensor(shape: shape)
    plain.fillUniform(low, high, using: &generator)
    return channelBlock == 1 ? plain : Tensor(converting: plain, toChannelBlock: channelBlock)
}

/// Runs the finite-difference check of `layer` at every coordinate of its input and parameters,
/// and fails the test for any error above `tolerance`.
func assertGradientsMatch(
    _ layer: Layer, input: Tensor, tolerance: Double = 1e-2, epsilon: Float = 1e-2,
    file: StaticString = #filePath, line: UInt = #line
) throws {
    let results = try GradientCheck.check(layer: layer, input: input, epsilon: epsilon)
    XCTAssertFalse(results.isEmpty, "nothing was checked", file: file, line: line)
    for r in results {
        XCTAssertLessThan(r.maxRelativeError, tolerance, r.description, file: file, line: line)
        XCTAssertLessThanOrEqual(
            r.kinks, max(2, r.checked / 50), "too many kinks to judge: \(r)", file: file, line: line)
    }
}

func initialized<L: Conv2D>(_ layer: L, seed: UInt64 = 3) -> L {
    var generator = SeededGenerator(seed: seed)
    layer.initialize(using: &generator)
    return layer
}

let featureBlock = ChannelLayout.preferredBlock
