import Tensors

/// How a network's convolutions compute: what they may do to be fast (`policy`), and how
/// inference splits their work. Given to every convolution layer when a network is built.
public struct ConvolutionSettings: Sendable {
    /// The algorithms and number formats allowed; `.exact` (direct, float32) by default.
    public var policy: ConvolutionPolicy
    /// Inference: the size of the padded input band each convolution works on (see
    /// `Conv2D.forwardInBands`): small against the activations of a large image, large enough
    /// that oneDNN's kernels run at full speed.
    public var bandBytes: Int
    /// Inference: whether convolutions to 3 channels run on `ThreeChannelConvolution` where it
    /// can, rather than on oneDNN (tests compare the two).
    public var usesThreeChannelKernel: Bool

    public init(policy: ConvolutionPolicy = .exact, bandBytes: Int = 16 << 20, usesThreeChannelKernel: Bool = true) {
        self.policy = policy
        self.bandBytes = bandBytes
        self.usesThreeChannelKernel = usesThreeChannelKernel
    }
}
