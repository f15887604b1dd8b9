import Foundation
import XCTest
@testable import NN

final class LBFGSTests: XCTestCase {
    func testStrongWolfeSolvesRosenbrock() {
        var x: [Float] = [-1.5, 2]
        let result = LBFGS(settings: LBFGSSettings(toleranceGradient: 1e-6))
            .minimize(&x, evaluate: TestObjective.rosenbrock)
        XCTAssertLessThanOrEqual(result.iterations, 60)
        XCTAssertEqual(x[0], 1, accuracy: 1e-4)
        XCTAssertEqual(x[1], 1, accuracy: 1e-4)
        XCTAssertLessThan(result.loss, 1e-8)
    }

    func testStrongWolfeSolvesChainedRosenbrock() {
        var x = [Float](repeating: 0, count: 10)
        let result = LBFGS(settings: LBFGSSettings(toleranceGradient: 1e-6))
            .minimize(&x, evaluate: TestObjective.rosenbrock)
        XCTAssertLessThanOrEqual(result.iterations, 200)
        for i in x.indices { XCTAssertEqual(x[i], 1, accuracy: 1e-4, "coordinate \(i)") }
    }

    /// neural-style's setting: fixed step, one evaluation per iteration.
    func testFixedStepConvergesOnConvexQuadratic() {
        var x = [Float](repeating: 0, count: 100)
        // toleranceChange 0: the float32 loss stalls before the gradient test is met.
        let result = LBFGS(
            settings: LBFGSSettings(
                historySize: 10, lineSearch: .none, maxIterations: 500,
                toleranceChange: 0)
        )
        .minimize(&x, evaluate: TestObjective.diagonalQuadratic)
        XCTAssertEqual(result.stopReason, .gradientTolerance)
        XCTAssertEqual(result.evaluations, result.iterations + 1)
        XCTAssertLessThan(result.iterations, 200)
        for i in x.indices {
            XCTAssertEqual(Double(x[i]), TestObjective.target(i), accuracy: 1e-5, "coordinate \(i)")
        }
    }

    // MARK: Against torch.optim.LBFGS (Fixtures/lbfgs_reference.py)

    func testMatchesTorchStrongWolfeOnRosenbrock() throws {
        let reference = try Self.referenceCase("rosenbrock_strong_wolfe")
        let losses = try Self.run(reference, objective: TestObjective.rosenbrock, lineSearch: .strongWolfe)
        XCTAssertEqual(losses.count, reference.losses.count)
        // float32 storage vs torch's float64: 1e-5 apart at first, drifting to ~1e-3 by iteration 20.
        Self.assertLosses(losses.prefix(10), match: reference.losses.prefix(10), relativeTolerance: 1e-4)
        Self.assertLosses(losses, match: reference.losses, relativeTolerance: 2e-3)
    }

    func testMatchesTorchWithoutLineSearchOnQuadratic() throws {
        let reference = try Self.referenceCase("quadratic_no_line_search")
        let losses = try Self.run(reference, objective: TestObjective.coupledQuadratic, lineSearch: .none)
        // Converged after 4 iterations; torch keeps iterating in place, the port stops on toleranceChange.
        XCTAssertGreaterThanOrEqual(losses.count, 4)
        Self.assertLosses(losses.prefix(4), match: reference.losses.prefix(4), relativeTolerance: 1e-5)
    }

    // MARK: Stopping

    func testNonFiniteLossStopsAndKeepsLastFinitePoint() {
        // f = (x − 3)² but NaN beyond 0.5: the first step (to x = 1) lands in the NaN region.
        let poisoned: ([Float], inout [Float]) -> Float = { x, gradient in
            gradient[0] = 2 * (x[0] - 3)
            return x[0] > 0.5 ? .nan : (x[0] - 3) * (x[0] - 3)
        }
        for lineSearch in [LineSearch.none, .strongWolfe] {
            var x: [Float] = [0]
            let result = LBFGS(settings: LBFGSSettings(lineSearch: lineSearch)).minimize(&x, evaluate: poisoned)
            XCTAssertEqual(result.stopReason, .nonFinite, "\(lineSearch)")
            XCTAssertEqual(x, [0], "\(lineSearch)")
            XCTAssertEqual(result.loss, 9, "\(lineSearch)")
        }
    }

    func testNonFiniteGradientAtStartStops() {
        var x: [Float] = [1, 2]
        let result = LBFGS().minimize(&x) { _, gradient in
            gradient = [.infinity, 0]
            return 1
        }
        XCTAssertEqual(result.stopReason, .nonFinite)
        XCTAssertEqual(result.iterations, 0)
        XCTAssertEqual(x, [1, 2])
    }

    func testCallbackStopsEarlyAndSeesEveryIteration() {
        var x: [Float] = [-1.5, 2]
        var seen: [Int] = []
        let result = LBFGS().minimize(&x, evaluate: TestObjective.rosenbrock) { iteration, loss, evaluations in
            seen.append(iteration)
            XCTAssertGreaterThan(evaluations, iteration)
            XCTAssertTrue(loss.isFinite)
            return iteration < 3
        }
        XCTAssertEqual(seen, [1, 2, 3])
        XCTAssertEqual(result.iterations, 3)
        XCTAssertEqual(result.stopReason, .stoppedByCaller)
    }

    func testStartingAtMinimumStopsOnGradientTolerance() {
        var x: [Float] = [1, 1]
        let result = LBFGS().minimize(&x, evaluate: TestObjective.rosenbrock)
        XCTAssertEqual(result, LBFGSResult(loss: 0, iterations: 0, evaluations: 1, stopReason: .gradientTolerance))
    }

    func testEvaluationBudgetIsNeverExceeded() {
        for budget in [1, 2, 7, 30] {
            var x: [Float] = [-1.5, 2]
            var calls = 0
            let result = LBFGS(settings: LBFGSSettings(maxEvaluations: budget)).minimize(&x) { x, gradient in
                calls += 1
                return TestObjective.rosenbrock(x, &gradient)
            }
            XCTAssertEqual(result.stopReason, .maxEvaluations, "budget \(budget)")
            XCTAssertEqual(result.evaluations, calls)
            XCTAssertLessThanOrEqual(calls, budget)
        }
    }

    func testDisabledGradientToleranceRunsToIterationLimit() {
        var x = [Float](repeating: 0, count: 5)
        let result = LBFGS(
            settings: LBFGSSettings(
                lineSearch: .none, maxIterations: 7, toleranceGradient: -1,
                toleranceChange: -1)
        )
        .minimize(&x, evaluate: TestObjective.diagonalQuadratic)
        XCTAssertEqual(result.stopReason, .maxIterations)
        XCTAssertEqual(result.iterations, 7)
    }

    func testErrorsFromTheObjectivePropagate() {
        struct Failure: Error {}
        var x: [Float] = [-1.5, 2]
        var calls = 0
        XCTAssertThrowsError(
            try LBFGS().minimize(&x) { x, gradient in
                calls += 1
                if calls == 3 { throw Failure() }
                return TestObjective.rosenbrock(x, &gradient)
            })
        XCTAssertEqual(x.count, 2)
    }

    // MARK: Helpers

    struct ReferenceCase: Decodable {
        var name: String
        var start: [Float]
        var historySize: Int
        var learningRate: Float
        var losses: [Double]
        var final: [Double]
    }

    static func referenceCase(_ name: String) throws -> ReferenceCase {
        struct File: Decodable { var cases: [ReferenceCase] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/lbfgs_reference.json")
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        return try XCTUnwrap(file.cases.first { $0.name == name }, "no case \(name) in \(url.path)")
    }

    /// Runs the port with the reference's settings; returns the loss after each iteration
    /// and checks the final point.
    static func run(
        _ reference: ReferenceCase, objective: ([Float], inout [Float]) -> Float,
        lineSearch: LineSearch, file: StaticString = #filePath, line: UInt = #line
    ) throws -> [Double] {
        var x = reference.start
        var losses: [Double] = []
        let settings = LBFGSSettings(
            historySize: reference.historySize, learningRate: reference.learningRate,
            lineSearch: lineSearch, maxIterations: reference.losses.count,
            maxEvaluations: 1000, toleranceGradient: -1)
        LBFGS(settings: settings).minimize(&x, evaluate: objective) { _, loss, _ in
            losses.append(Double(loss))
            return true
        }
        for i in x.indices {
            XCTAssertEqual(Double(x[i]), reference.final[i], accuracy: 1e-3, "final x[\(i)]", file: file, line: line)
        }
        return losses
    }

    static func assertLosses<A: Collection<Double>, B: Collection<Double>>(
        _ actual: A, match expected: B, relativeTolerance: Double, file: StaticString = #filePath, line: UInt = #line
    ) {
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            XCTAssertEqual(
                a, e, accuracy: relativeTolerance * max(abs(e), 1e-6),
                "iteration \(i + 1)", file: file, line: line)
        }
    }
}
