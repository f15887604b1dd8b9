import Imaging
import StyleTransfer

/// One content image through both methods, measured alike.
public struct ComparedImage {
    /// The name its files get in the output folder (the file name without extension).
    public var name: String
    /// The content image at the working size, 8-bit: the input of both methods.
    public var content: Image
    /// The optimized image and the network's output, 8-bit as written to PNG.
    public var slow: Image
    public var fast: Image
    /// Seconds of the optimization (content targets and every iteration) and of the network's
    /// forward pass (the median of 3, after a warm-up at the same size, which creates oneDNN's
    /// primitives).
    public var slowSeconds: Double
    public var fastSeconds: Double
    /// The losses of the two 8-bit outputs.
    public var slowLoss: LossTerms
    public var fastLoss: LossTerms
    /// The optimization's loss after each iteration (of its float iterate, before clamping
    /// and rounding to 8 bits).
    public var history: [LossTerms]

    /// The first iteration (1-based) whose loss is below the network's, nil if none is.
    public var firstIterationBelowFast: Int? {
        history.firstIndex { $0.total < fastLoss.total }.map { $0 + 1 }
    }
}
