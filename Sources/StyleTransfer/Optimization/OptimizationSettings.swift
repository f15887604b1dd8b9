/// Settings of the optimization-based method of Gatys et al. (2016).
public struct OptimizationSettings: Codable, Equatable, Sendable {
    public enum Method: String, Codable, Sendable, CaseIterable {
        case lbfgs, adam

        /// L-BFGS: a step length of 1, with no line search, as jcjohnson/neural-style; Adam: a
        /// step of 10 pixel values.
        public var defaultLearningRate: Float { self == .lbfgs ? 1 : 10 }
    }

    public var loss = LossSettings()
    public var method = Method.lbfgs
    public var iterations = 300
    /// L-BFGS: the step length; Adam: the step in pixel units.
    public var learningRate = Method.lbfgs.defaultLearningRate
    /// L-BFGS (s, y) pairs kept.
    public var historySize = 100
    public var seed: UInt64 = 0
    /// Keep the content image's colours: take only the luminance of the optimized image.
    public var preserveColors = false

    public init() {}

    /// Throws the first setting the optimization cannot run with.
    public func validate() throws {
        try SettingBounds.require(iterations, in: SettingBounds.iterations, .iterations)
        guard learningRate > 0, learningRate.isFinite else {
            throw InvalidSetting(.learningRate, learningRate, "must be positive")
        }
        try loss.validate()
    }
}
