/// Why `LBFGS.minimize` returned.
public enum LBFGSStopReason: Equatable, Sendable {
    case maxIterations
    case maxEvaluations
    /// max |gᵢ| ≤ `toleranceGradient`.
    case gradientTolerance
    /// Step, loss change or directional derivative below `toleranceChange`.
    case changeTolerance
    /// The objective returned a non-finite loss or gradient; x is the last point where both were finite.
    case nonFinite
    /// `onIteration` returned false.
    case stoppedByCaller
}

public struct LBFGSResult: Equatable, Sendable {
    /// f at the returned x.
    public var loss: Float
    /// Iterations that moved x.
    public var iterations: Int
    /// Calls of the objective.
    public var evaluations: Int
    public var stopReason: LBFGSStopReason
}

/// Limited-memory BFGS as torch.optim.LBFGS (and torch7 optim.lbfgs used by jcjohnson/neural-style):
/// two-loop recursion over the last m (s, y) pairs with initial inverse Hessian γI, γ = sᵀy / yᵀy;
/// pairs with yᵀs ≤ 1e-10 are skipped; the first step is scaled by min(1, 1/|g|₁).
///
/// Differences from torch: without line search the last iteration also evaluates f, so the returned
/// loss always belongs to the returned x; the line search never exceeds `maxEvaluations` (torch's
/// may use one more).  With a large budget the trajectory is torch's.
public final class LBFGS {
    public var settings: LBFGSSettings

    public init(settings: LBFGSSettings = LBFGSSettings()) {
        precondition(settings.historySize >= 1, "LBFGS: historySize must be at least 1")
        self.settings = settings
    }

    /// Minimizes f starting at x (updated in place). `evaluate` fills `gradient` (same count as x) and returns f(x).
    /// `onIteration(iteration, loss, evaluationsSoFar)` is called after every iteration; return false to stop early.
    @discardableResult
    public func minimize(
        _ x: inout [Float], evaluate: (_ x: [Float], _ gradient: inout [Float]) throws -> Float,
        onIteration: (Int, Float, Int) -> Bool = { _, _, _ in true }
    ) rethrows -> LBFGSResult {
        let maxEvaluations = settings.maxEvaluations ?? settings.maxIterations * 5 / 4
        let toleranceGradient = Double(settings.toleranceGradient)
        let toleranceChange = Double(settings.toleranceChange)

        var search = LBFGSSearch(count: x.count, historySize: settings.historySize)
        swap(&x, &search.x)
        defer { swap(&x, &search.x) }

        var evaluations = 1
        let initialLoss = try evaluate(search.x, &search.gradients[search.current])
        precondition(search.gradients[search.current].count == search.x.count, "LBFGS: gradient count changed")
        let initialMagnitude = FlatVector.sumOfMagnitudes(search.gradients[search.current])
        guard initialLoss.isFinite, initialMagnitude.isFinite else {
            return LBFGSResult(loss: initialLoss, iterations: 0, evaluations: 1, stopReason: .nonFinite)
        }
        var loss = Double(initialLoss)
        if FlatVector.maxMagnitude(search.gradients[search.current]) <= toleranceGradient {
            return LBFGSResult(loss: initialLoss, iterations: 0, evaluations: 1, stopReason: .gradientTolerance)
        }
        if maxEvaluations <= 1 {
            return LBFGSResult(loss: initialLoss, iterations: 0, evaluations: 1, stopReason: .maxEvaluations)
        }

        var iterations = 0
        var stepLength = 0.0
        var stopReason = LBFGSStopReason.maxIterations
        while iterations < settings.maxIterations {
            if iterations == 0 {
                FlatVector.scale(search.gradients[search.current], by: -1, into: &search.direction)
            } else {
                search.history.record(
                    step: search.direction, length: stepLength,
                    gradient: search.gradients[search.current], previous: search.previousGradient)
                search.history.direction(gradient: search.gradients[search.current], into: &search.direction)
            }
            FlatVector.copy(search.gradients[search.current], into: &search.previousGradient)
            let previousLoss = loss

            let learningRate = Double(settings.learningRate)
            stepLength = iterations == 0 ? min(1, 1 / initialMagnitude) * learningRate : learningRate
            let slope = FlatVector.dot(search.gradients[search.current], search.direction)
            if slope > -toleranceChange {
                stopReason = .changeTolerance
                break
            }

            let outcome: LineSearchOutcome
            switch settings.lineSearch {
            case .none:
                outcome = try search.fixedStep(stepLength, evaluate: evaluate)
            case .strongWolfe:
                outcome = try search.strongWolfe(
                    step: stepLength, loss: loss, slope: slope,
                    maxEvaluations: min(25, maxEvaluations - evaluations - 1),
                    toleranceChange: toleranceChange, evaluate: evaluate)
            }
            evaluations += outcome.evaluations
            guard let accepted = outcome.accepted else {
                stopReason = .nonFinite
                break
            }
            stepLength = accepted.step
            FlatVector.add(Float(stepLength), times: search.direction, to: &search.x)
            search.current = accepted.gradient
            loss = accepted.loss
            iterations += 1

            if !onIteration(iterations, Float(loss), evaluations) {
                stopReason = .stoppedByCaller
                break
            }
            if iterations == settings.maxIterations {
                stopReason = .maxIterations
                break
            }
            if evaluations >= maxEvaluations {
                stopReason = .maxEvaluations
                break
            }
            if FlatVector.maxMagnitude(search.gradients[search.current]) <= toleranceGradient {
                stopReason = .gradientTolerance
                break
            }
            if FlatVector.maxMagnitude(search.direction) * abs(stepLength) <= toleranceChange
                || abs(loss - previousLoss) < toleranceChange
            {
                stopReason = .changeTolerance
                break
            }
        }
        return LBFGSResult(loss: Float(loss), iterations: iterations, evaluations: evaluations, stopReason: stopReason)
    }
}

/// A point on the line x + t·d: step t, f, pool index of its gradient, and gᵀd.
struct LineSearchPoint {
    var step: Double
    var loss: Double
    var gradient: Int
    var slope: Double
}

/// Result of a line search: the accepted point (nil if the objective became non-finite) and the evaluations used.
struct LineSearchOutcome {
    var accepted: LineSearchPoint?
    var evaluations: Int
}

/// Buffers of one `minimize` call, each of the problem's size and allocated once:
/// the iterate, the direction, the line search's trial point and a pool of gradients
/// referred to by index so that bracket points share rather than copy them.
struct LBFGSSearch {
    var x: [Float]
    var direction: [Float]
    var trialPoint: [Float]
    var previousGradient: [Float]
    /// Four buffers: the gradient at x plus at most three held by the line search.
    var gradients: [[Float]]
    /// Index in `gradients` of the gradient at x.
    var current = 0
    var history: LBFGSHistory

    init(count: Int, historySize: Int) {
        let zeros = [Float](repeating: 0, count: count)
        x = []
        direction = zeros
        trialPoint = zeros
        previousGradient = zeros
        gradients = [[Float]](repeating: zeros, count: 4)
        history = LBFGSHistory(capacity: historySize)
    }

    /// Evaluates f at x + t·d into a gradient buffer not in `busy`; nil if loss or gradient is not finite.
    mutating func probe(
        _ step: Double, keeping busy: [Int],
        evaluate: ([Float], inout [Float]) throws -> Float
    ) rethrows -> LineSearchPoint? {
        let slot = (0..<gradients.count).first { !busy.contains($0) && $0 != current }!
        FlatVector.point(x, plus: Float(step), times: direction, into: &trialPoint)
        let loss = try evaluate(trialPoint, &gradients[slot])
        precondition(gradients[slot].count == x.count, "LBFGS: gradient count changed")
        let slope = FlatVector.dot(gradients[slot], direction)
        guard loss.isFinite, slope.isFinite else { return nil }
        return LineSearchPoint(step: step, loss: Double(loss), gradient: slot, slope: slope)
    }

    mutating func fixedStep(
        _ step: Double,
        evaluate: ([Float], inout [Float]) throws -> Float
    ) rethrows -> LineSearchOutcome {
        LineSearchOutcome(accepted: try probe(step, keeping: [], evaluate: evaluate), evaluations: 1)
    }

    /// Port of torch.optim.lbfgs `_strong_wolfe` (itself from torch7 optim/lswolfe.lua).
    /// `loss` and `slope` are f and gᵀd at x (t = 0). Uses at most `maxEvaluations + 1` evaluations
    /// (the first trial step, then up to `maxEvaluations` more), as torch's `max_ls`.
    mutating func strongWolfe(
        step initialStep: Double, loss: Double, slope: Double, maxEvaluations: Int,
        toleranceChange: Double,
        evaluate: ([Float], inout [Float]) throws -> Float
    ) rethrows -> LineSearchOutcome {
        let c1 = 1e-4, c2 = 0.9
        let directionMagnitude = FlatVector.maxMagnitude(direction)
        let origin = LineSearchPoint(step: 0, loss: loss, gradient: current, slope: slope)
        func sufficientDecrease(_ p: LineSearchPoint) -> Bool { p.loss <= loss + c1 * p.step * slope }
        func curvature(_ p: LineSearchPoint) -> Bool { abs(p.slope) <= -c2 * slope }

        guard var newest = try probe(initialStep, keeping: [], evaluate: evaluate) else {
            return LineSearchOutcome(accepted: nil, evaluations: 1)
        }
        var evaluations = 1

        // Bracketing: grow the step until an interval containing a Wolfe point is found.
        var previous = origin
        var bracket: [LineSearchPoint] = []
        var done = false
        var iteration = 0
        while iteration < maxEvaluations {
            if !sufficientDecrease(newest) || (iteration > 1 && newest.loss >= previous.loss) {
                bracket = [previous, newest]
                break
            }
            if curvature(newest) {
                bracket = [newest]
                done = true
                break
            }
            if newest.slope >= 0 {
                bracket = [previous, newest]
                break
            }
            let next = cubicMinimizer(
                previous, newest,
                bounds: (newest.step + 0.01 * (newest.step - previous.step), newest.step * 10))
            previous = newest
            guard let point = try probe(next, keeping: [previous.gradient], evaluate: evaluate) else {
                return LineSearchOutcome(accepted: nil, evaluations: evaluations + 1)
            }
            newest = point
            evaluations += 1
            iteration += 1
        }
        if iteration == maxEvaluations {
            bracket = [origin, newest]
        }

        // Zoom: shrink the bracket by safeguarded cubic interpolation until a Wolfe point is found.
        var insufficientProgress = false
        var (low, high) = bracket[0].loss <= bracket[bracket.count - 1].loss ? (0, 1) : (1, 0)
        while !done && iteration < maxEvaluations {
            if abs(bracket[1].step - bracket[0].step) * directionMagnitude < toleranceChange { break }

            var trial = cubicMinimizer(bracket[0], bracket[1], bounds: nil)
            let upper = max(bracket[0].step, bracket[1].step), lower = min(bracket[0].step, bracket[1].step)
            // Keep the trial at least 10% of the bracket away from its ends when it stalls there.
            let margin = 0.1 * (upper - lower)
            if min(upper - trial, trial - lower) < margin {
                if insufficientProgress || trial >= upper || trial <= lower {
                    trial = abs(trial - upper) < abs(trial - lower) ? upper - margin : lower + margin
                    insufficientProgress = false
                } else {
                    insufficientProgress = true
                }
            } else {
                insufficientProgress = false
            }

            guard
                let point = try probe(
                    trial, keeping: [bracket[0].gradient, bracket[1].gradient],
                    evaluate: evaluate)
            else {
                return LineSearchOutcome(accepted: nil, evaluations: evaluations + 1)
            }
            evaluations += 1
            iteration += 1

            if !sufficientDecrease(point) || point.loss >= bracket[low].loss {
                bracket[high] = point
                (low, high) = bracket[0].loss <= bracket[1].loss ? (0, 1) : (1, 0)
            } else {
                if curvature(point) {
                    done = true
                } else if point.slope * (bracket[high].step - bracket[low].step) >= 0 {
                    bracket[high] = bracket[low]
                }
                bracket[low] = point
            }
        }
        return LineSearchOutcome(accepted: bracket[low], evaluations: evaluations)
    }
}

/// Minimizer of the cubic through two points with values and slopes, clamped to `bounds`
/// (default: between the points); the midpoint of the bounds if the cubic has no minimizer.
/// Port of torch.optim.lbfgs `_cubic_interpolate` (torch7 optim/polyinterp.lua).
func cubicMinimizer(_ a: LineSearchPoint, _ b: LineSearchPoint, bounds: (Double, Double)?) -> Double {
    let (lower, upper) = bounds ?? (min(a.step, b.step), max(a.step, b.step))
    let d1 = a.slope + b.slope - 3 * (a.loss - b.loss) / (a.step - b.step)
    let d2Squared = d1 * d1 - a.slope * b.slope
    guard d2Squared >= 0 else { return (lower + upper) / 2 }
    let d2 = d2Squared.squareRoot()
    let minimizer =
        a.step <= b.step
        ? b.step - (b.step - a.step) * ((b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2))
        : a.step - (a.step - b.step) * ((a.slope + d2 - d1) / (a.slope - b.slope + 2 * d2))
    return min(max(minimizer, lower), upper)
}

/// The last m curvature pairs (sₖ = xₖ₊₁ − xₖ, yₖ = gₖ₊₁ − gₖ) in a ring of m + 1 slots, the
/// spare receiving each new pair before it is accepted, so a rejected pair never evicts an old one.
/// Slots are allocated on first use and then overwritten in place.
struct LBFGSHistory {
    let capacity: Int
    private var steps: [[Float]] = []
    private var gradientChanges: [[Float]] = []
    /// ρ = 1 / yᵀs per slot.
    private var inverseCurvatures: [Double]
    /// α of the first loop, by age (oldest first), reused by the second loop.
    private var alphas: [Double]
    private var oldest = 0
    private(set) var count = 0
    /// γ = sᵀy / yᵀy of the newest accepted pair: the initial inverse Hessian γI.
    private var hessianScale = 1.0

    init(capacity: Int) {
        self.capacity = capacity
        inverseCurvatures = [Double](repeating: 0, count: capacity + 1)
        alphas = [Double](repeating: 0, count: capacity)
    }

    private func slot(age: Int) -> Int { (oldest + age) % (capacity + 1) }

    /// Adds the pair s = length·step, y = gradient − previous unless yᵀs ≤ 1e-10.
    mutating func record(step: [Float], length: Double, gradient: [Float], previous: [Float]) {
        let spare = slot(age: count)
        if spare == steps.count {
            steps.append([Float](repeating: 0, count: step.count))
            gradientChanges.append([Float](repeating: 0, count: step.count))
        }
        FlatVector.scale(step, by: Float(length), into: &steps[spare])
        FlatVector.difference(gradient, previous, into: &gradientChanges[spare])
        let ys = FlatVector.dot(gradientChanges[spare], steps[spare])
        guard ys > 1e-10 else { return }
        inverseCurvatures[spare] = 1 / ys
        hessianScale = ys / FlatVector.dot(gradientChanges[spare], gradientChanges[spare])
        if count == capacity {
            oldest = (oldest + 1) % (capacity + 1)
        } else {
            count += 1
        }
    }

    /// direction ← −H·gradient by the two-loop recursion (Nocedal & Wright, Algorithm 7.4).
    mutating func direction(gradient: [Float], into direction: inout [Float]) {
        FlatVector.scale(gradient, by: -1, into: &direction)
        for age in stride(from: count - 1, through: 0, by: -1) {
            let k = slot(age: age)
            alphas[age] = FlatVector.dot(steps[k], direction) * inverseCurvatures[k]
            FlatVector.add(Float(-alphas[age]), times: gradientChanges[k], to: &direction)
        }
        FlatVector.multiply(&direction, by: Float(hessianScale))
        for age in 0..<count {
            let k = slot(age: age)
            let beta = FlatVector.dot(gradientChanges[k], direction) * inverseCurvatures[k]
            FlatVector.add(Float(alphas[age] - beta), times: steps[k], to: &direction)
        }
    }
}
