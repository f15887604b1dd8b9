import StyleTransfer

/// Settings of `faststyle compare`: the size both methods work at and the optimization's
/// settings, whose loss settings (by default the checkpoint's) measure both outputs.
public struct ComparisonSettings: Codable, Equatable, Sendable {
    /// Where the optimization starts: the content photograph or noise.
    public enum Initialization: String, Codable, Sendable, CaseIterable { case content, noise }

    /// Long side of the content images, in pixels (both sides then rounded to a multiple the
    /// network keeps, see `Architecture.sizeMultiple`).
    public var size = 256
    /// The slow method's settings; `optimization.loss` is the objective of both methods.
    public var optimization = OptimizationSettings()
    public var initialization = Initialization.content

    public init() {
        optimization.iterations = 200
    }

    /// Throws the first setting the comparison cannot run with.
    public func validate() throws {
        try InputSize.validate(size)
        try optimization.validate()
    }
}
