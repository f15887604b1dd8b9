import Foundation

/// Everything Adam needs to continue a run exactly where it stopped; saved in checkpoints.
public struct AdamState: Equatable, Sendable {
    /// Number of steps taken so far (the `t` of the bias corrections).
    public var step: Int
    /// Exponential moving average of the gradients, one entry per parameter.
    public var firstMoment: [Float]
    /// Exponential moving average of the squared gradients, one entry per parameter.
    public var secondMoment: [Float]

    public init(step: Int, firstMoment: [Float], secondMoment: [Float]) {
        self.step = step
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
    }
}

/// Why a saved `AdamState` cannot be restored.
public enum AdamStateError: LocalizedError, Equatable {
    /// The two moment vectors have different lengths.
    case momentCountMismatch(firstMoment: Int, secondMoment: Int)
    /// The step counter is negative.
    case negativeStep(Int)

    public var errorDescription: String? {
        switch self {
        case let .momentCountMismatch(first, second):
            return "Adam state: \(first) first moments but \(second) second moments"
        case let .negativeStep(step):
            return "Adam state: negative step count \(step)"
        }
    }
}

/// Adam (Kingma & Ba 2015) with bias correction, as `torch.optim.Adam` with `weight_decay = 0`,
/// over one flat vector holding all parameters of a model.
///
/// The learning rate may be changed between steps (decay schedules); the moments are untouched.
public final class Adam {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float

    private var stepCount: Int
    private var firstMoment: [Float]
    private var secondMoment: [Float]

    /// The state to save in a checkpoint. Reading it shares storage with the optimizer, so the
    /// snapshot stays valid (copy on write) while training continues.
    public var state: AdamState {
        AdamState(step: stepCount, firstMoment: firstMoment, secondMoment: secondMoment)
    }

    /// Number of parameters this optimizer updates.
    public var parameterCount: Int { firstMoment.count }

    /// A fresh optimizer (zero moments, step 0) for `parameterCount` parameters.
    public init(
        parameterCount: Int, learningRate: Float = 1e-3, beta1: Float = 0.9,
        beta2: Float = 0.999, epsilon: Float = 1e-8
    ) {
        precondition(parameterCount >= 0, "parameterCount must not be negative")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.stepCount = 0
        self.firstMoment = [Float](repeating: 0, count: parameterCount)
        self.secondMoment = [Float](repeating: 0, count: parameterCount)
    }

    /// Resumes from a saved state; the next `step` continues the run bit for bit.
    /// Throws if the state is inconsistent (e.g. a corrupt checkpoint).
    public init(
        restoring state: AdamState, learningRate: Float, beta1: Float = 0.9,
        beta2: Float = 0.999, epsilon: Float = 1e-8
    ) throws {
        guard state.firstMoment.count == state.secondMoment.count else {
            throw AdamStateError.momentCountMismatch(
                firstMoment: state.firstMoment.count,
                secondMoment: state.secondMoment.count)
        }
        guard state.step >= 0 else { throw AdamStateError.negativeStep(state.step) }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.stepCount = state.step
        self.firstMoment = state.firstMoment
        self.secondMoment = state.secondMoment
    }

    /// One update: `parameters -= lr / (1 - β1ᵗ) · m / (√v / √(1 - β2ᵗ) + ε)`.
    /// `parameters` and `gradients` must both have `parameterCount` entries.
    public func step(parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>) {
        let count = firstMoment.count
        precondition(parameters.count == count, "Adam: \(parameters.count) parameters, expected \(count)")
        precondition(gradients.count == count, "Adam: \(gradients.count) gradients, expected \(count)")
        stepCount += 1
        guard count > 0 else { return }

        // Bias corrections in Double: β2ᵗ is close to 1 for small t.
        let t = Double(stepCount)
        let stepSize = Float(Double(learningRate) / (1 - pow(Double(beta1), t)))
        let inverseRootCorrection2 = Float(1 / (1 - pow(Double(beta2), t)).squareRoot())
        let beta1 = self.beta1, beta2 = self.beta2, epsilon = self.epsilon
        let gradientWeight1 = 1 - beta1, gradientWeight2 = 1 - beta2

        // Eight parameters at a time (the tail zero-padded): one pass over p, g, m and v.
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                for i in stride(from: 0, to: count, by: FlatVector.Lanes.scalarCount) {
                    let gi = FlatVector.load(gradients, i)
                    let mi = beta1 * FlatVector.load(UnsafeBufferPointer(m), i) + gradientWeight1 * gi
                    let vi = beta2 * FlatVector.load(UnsafeBufferPointer(v), i) + gradientWeight2 * (gi * gi)
                    let pi =
                        FlatVector.load(UnsafeBufferPointer(parameters), i)
                        - stepSize * mi / (vi.squareRoot() * inverseRootCorrection2 + epsilon)
                    FlatVector.store(mi, m, i)
                    FlatVector.store(vi, v, i)
                    FlatVector.store(pi, parameters, i)
                }
            }
        }
    }

    /// Convenience for parameters and gradients held in arrays.
    public func step(parameters: inout [Float], gradients: [Float]) {
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in step(parameters: p, gradients: g) }
        }
    }
}
