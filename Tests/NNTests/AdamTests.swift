import XCTest
@testable import NN

final class AdamTests: XCTestCase {
    /// After one step m̂ = g and v̂ = g², so each parameter moves by lr·g / (|g| + ε) ≈ lr·sign(g).
    func testFirstStepMovesEachParameterByLearningRateTimesSign() {
        let start: [Float] = [1, -2, 3, 0.5]
        let gradients: [Float] = [0.3, -5, 1000, -0.01]
        let adam = Adam(parameterCount: 4, learningRate: 0.1)
        var parameters = start
        adam.step(parameters: &parameters, gradients: gradients)
        for i in start.indices {
            let expected = start[i] - 0.1 * (gradients[i] > 0 ? 1 : -1)
            XCTAssertEqual(parameters[i], expected, accuracy: 1e-6, "parameter \(i)")
        }
        XCTAssertEqual(adam.state.step, 1)
        XCTAssertEqual(adam.state.firstMoment[1], 0.1 * -5, accuracy: 1e-6)
        // 1 − Float(0.999) = 0.00099998713: the Float β2 is 1.3e-8 off 0.999.
        XCTAssertEqual(adam.state.secondMoment[1], 0.001 * 25, accuracy: 1e-6)
    }

    /// Second step with a different gradient, against the formulas evaluated by hand in Double.
    func testSecondStepMatchesHandComputation() {
        let adam = Adam(parameterCount: 1, learningRate: 0.01)
        var p: [Float] = [2]
        adam.step(parameters: &p, gradients: [4])
        adam.step(parameters: &p, gradients: [-1])
        let m = 0.9 * (0.1 * 4.0) + 0.1 * -1.0   // 0.26
        let v = 0.999 * (0.001 * 16.0) + 0.001 * 1.0   // 0.016984
        let mHat = m / (1 - 0.81), vHat = v / (1 - 0.998001)
        let expected = 2 - 0.01 - 0.01 * mHat / (vHat.squareRoot() + 1e-8)
        XCTAssertEqual(Double(p[0]), expected, accuracy: 1e-6)
    }

    /// The update runs eight parameters at a time with a padded tail; every entry must get the
    /// same result as a one-parameter optimizer fed that entry alone.
    func testVectorizedUpdateMatchesElementwiseUpdate() {
        let count = 19
        let start = (0..<count).map { Float($0) * 0.37 - 3 }
        let gradients = (0..<count).map { Float(($0 * 7) % 11) - 5.5 }
        var together = start
        let adam = Adam(parameterCount: count, learningRate: 0.01)
        for _ in 0..<3 { adam.step(parameters: &together, gradients: gradients) }
        for i in 0..<count {
            var alone = [start[i]]
            let single = Adam(parameterCount: 1, learningRate: 0.01)
            for _ in 0..<3 { single.step(parameters: &alone, gradients: [gradients[i]]) }
            XCTAssertEqual(alone[0], together[i], "parameter \(i)")
        }
    }

    /// A run interrupted after 7 steps and resumed from the saved state equals an uninterrupted run bit for bit.
    func testRestoredStateContinuesBitIdentically() throws {
        let count = 50
        func gradient(_ step: Int, _ p: [Float]) -> [Float] {
            p.indices.map { i in p[i] * Float(1 + i % 7) - Float(step % 3) + 0.1 * Float(i) }
        }
        var uninterrupted = [Float](repeating: 1, count: count)
        let adam = Adam(parameterCount: count, learningRate: 0.05)
        for step in 0..<15 { adam.step(parameters: &uninterrupted, gradients: gradient(step, uninterrupted)) }

        var resumed = [Float](repeating: 1, count: count)
        let first = Adam(parameterCount: count, learningRate: 0.05)
        for step in 0..<7 { first.step(parameters: &resumed, gradients: gradient(step, resumed)) }
        let saved = first.state
        let second = try Adam(restoring: saved, learningRate: 0.05)
        XCTAssertEqual(second.state, saved)
        for step in 7..<15 { second.step(parameters: &resumed, gradients: gradient(step, resumed)) }

        XCTAssertEqual(resumed, uninterrupted)
        XCTAssertEqual(second.state, adam.state)
        XCTAssertEqual(saved.step, 7, "the saved snapshot must not change when training continues")
    }

    func testChangingLearningRateKeepsMomentsAndScalesTheStep() {
        let gradients: [Float] = [0.5, -2, 3]
        let a = Adam(parameterCount: 3, learningRate: 0.1)
        let b = Adam(parameterCount: 3, learningRate: 0.1)
        var pa: [Float] = [0, 0, 0], pb: [Float] = [0, 0, 0]
        for _ in 0..<3 {
            a.step(parameters: &pa, gradients: gradients)
            b.step(parameters: &pb, gradients: gradients)
        }
        b.learningRate = 0.025
        let before = pa
        a.step(parameters: &pa, gradients: gradients)
        b.step(parameters: &pb, gradients: gradients)
        XCTAssertEqual(a.state, b.state, "moments and step count do not depend on the learning rate")
        for i in 0..<3 {
            XCTAssertEqual(pb[i] - before[i], (pa[i] - before[i]) / 4, accuracy: 1e-6)
        }
    }

    func testRestoringInconsistentStateThrows() {
        let state = AdamState(step: 3, firstMoment: [1, 2], secondMoment: [1])
        XCTAssertThrowsError(try Adam(restoring: state, learningRate: 0.1)) { error in
            XCTAssertEqual(error as? AdamStateError, .momentCountMismatch(firstMoment: 2, secondMoment: 1))
        }
        XCTAssertThrowsError(
            try Adam(
                restoring: AdamState(step: -1, firstMoment: [], secondMoment: []),
                learningRate: 0.1))
    }

    func testRosenbrockReachesMinimum() {
        let adam = Adam(parameterCount: 2, learningRate: 1e-2)
        var x: [Float] = [-1.5, 2]
        var gradient: [Float] = [0, 0]
        for _ in 0..<10_000 {
            _ = TestObjective.rosenbrock(x, &gradient)
            adam.step(parameters: &x, gradients: gradient)
        }
        XCTAssertEqual(x[0], 1, accuracy: 1e-2)
        XCTAssertEqual(x[1], 1, accuracy: 1e-2)
    }

    func testQuadraticConverges() {
        let count = 100
        let adam = Adam(parameterCount: count, learningRate: 1e-2)
        var x = [Float](repeating: 0, count: count)
        var gradient = x
        for step in 0..<3000 {
            _ = TestObjective.diagonalQuadratic(x, &gradient)
            if step == 2000 { adam.learningRate = 1e-3 }
            adam.step(parameters: &x, gradients: gradient)
        }
        for i in 0..<count {
            XCTAssertEqual(Double(x[i]), TestObjective.target(i), accuracy: 1e-3, "coordinate \(i)")
        }
    }
}
