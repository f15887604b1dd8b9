/// How `LBFGS` chooses the step length along each search direction.
public enum LineSearch: Sendable {
    /// A fixed step of `learningRate`, one evaluation per iteration (jcjohnson/neural-style).
    case none
    /// A step satisfying the strong Wolfe conditions (c1 = 1e-4, c2 = 0.9) found by bracketing and
    /// cubic-interpolation zoom: torch.optim.LBFGS `line_search_fn="strong_wolfe"`, at most 25
    /// evaluations after the first trial step (torch's `max_ls = 25`).
    case strongWolfe
}

/// Settings of `LBFGS`; the defaults follow torch.optim.LBFGS except `maxIterations`.
public struct LBFGSSettings: Sendable {
    /// Number of (s, y) pairs kept for the inverse-Hessian approximation (m).
    public var historySize = 100
    /// Step length (fixed without line search; initial trial step with it).
    public var learningRate: Float = 1
    public var lineSearch: LineSearch = .strongWolfe
    public var maxIterations = 1000
    /// Limit on objective evaluations; `nil` means `maxIterations · 5 / 4`.
    public var maxEvaluations: Int? = nil
    /// Stop when max |gᵢ| ≤ this; a negative value disables the test.
    public var toleranceGradient: Float = 1e-5
    /// Stop when the step (max |t·dᵢ|) or the change of loss falls below this.
    public var toleranceChange: Float = 1e-9

    public init(
        historySize: Int = 100, learningRate: Float = 1, lineSearch: LineSearch = .strongWolfe,
        maxIterations: Int = 1000, maxEvaluations: Int? = nil,
        toleranceGradient: Float = 1e-5, toleranceChange: Float = 1e-9
    ) {
        self.historySize = historySize
        self.learningRate = learningRate
        self.lineSearch = lineSearch
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations
        self.toleranceGradient = toleranceGradient
        self.toleranceChange = toleranceChange
    }
}
