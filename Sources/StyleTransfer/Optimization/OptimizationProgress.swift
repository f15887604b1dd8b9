/// One report of an optimization run.
public struct OptimizationProgress: Sendable {
    public var iteration: Int
    public var iterations: Int
    public var terms: LossTerms
    public var seconds: Double
}
