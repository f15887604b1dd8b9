import Tensors
import XCTest

final class ActivationTests: XCTestCase {
    /// The exact ReLU gradient passes where the unit is on; the redirected one also where it is
    /// off but the gradient would raise it.
    func testReLUGradientAndItsRedirectedForm() {
        let y = Tensor(shape: [1, 1, 1, 4], values: [0, 2, 0, 3])
        let dy = Tensor(shape: [1, 1, 1, 4], values: [1, -1, -1, 0.5])
        let exact = Tensor(shape: [1, 1, 1, 4]), redirected = Tensor(shape: [1, 1, 1, 4])
        Activation.reluBackward(output: y, outputGradient: dy, into: exact)
        Activation.redirectedReLUBackward(output: y, outputGradient: dy, into: redirected)
        XCTAssertEqual(exact.toArray(), [0, -1, 0, 0.5])
        XCTAssertEqual(redirected.toArray(), [1, -1, 0, 0.5])
    }
}
