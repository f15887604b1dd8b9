import Tensors

/// Instance normalization (Ulyanov et al. 2016), affine, optionally followed by a fused ReLU:
/// y = relu?(γ_c · (x − μ_nc) / √(σ²_nc + ε) + β_c), statistics over H × W of each sample and
/// channel. The same at training and inference, which is what lets one network stylize
/// images of any size.
///
/// Conditional (Dumoulin et al. 2017, "A Learned Representation for Artistic Style"): with
/// `styles` > 1, γ and β hold one row per style, (styles, C), and each sample is normalized with
/// the row `styleOfSample` names for it; everything else of a network is shared by its styles.
///
/// For tiled inference the statistics can be frozen (`frozenStatistics`): every tile of a large
/// image is then normalized with the statistics of the whole image instead of its own, so that
/// neighbouring tiles agree.
public final class InstanceNorm: Layer {
    /// Per-channel mean and 1/√(σ² + ε) of one image at this layer (count `channels` each).
    public struct Statistics: Equatable, Sendable {
        public var mean: [Float]
        public var inverseStd: [Float]

        public init(mean: [Float], inverseStd: [Float]) {
            self.mean = mean
            self.inverseStd = inverseStd
        }
    }

    public let name: String
    public let channels: Int
    public let epsilon: Float
    public let fusedReLU: Bool
    /// Rows of γ and β: 1, or the styles of a multi-style network.
    public let styles: Int
    /// γ and β: (C) with one style, (styles, C) with several.
    public let gamma: Parameter
    public let beta: Parameter
    public var parameters: [Parameter] { [gamma, beta] }
    /// The style (row of γ and β) of each sample of the next forward passes; nil: row 0 for all.
    public var styleOfSample: [Int]?
    /// When set, `forward` normalizes every sample with these instead of its own statistics
    /// (inference only: `backward` refuses, since its gradient assumes per-sample statistics).
    public var frozenStatistics: Statistics?
    /// When set, inference-only passes write the output over the input, which must then be
    /// used by nothing else (a convolution's output, as in the transformation network): one
    /// activation less in memory, the largest ones at full resolution.
    public var normalizesInPlaceInInference = false

    private var input: Tensor?
    private var mean: [Float] = []
    private var inverseStd: [Float] = []
    /// The style row of each sample of the last forward pass.
    private var rows: [Int] = []
    private let output = Buffer()
    private let inputGradient = Buffer(retains: false)

    public init(name: String = "norm", channels: Int, styles: Int = 1, epsilon: Float = 1e-5, fusedReLU: Bool = false)
        throws
    {
        guard channels > 0 else {
            throw LayerError.invalidConfiguration(layer: name, reason: "channels must be positive, got \(channels)")
        }
        guard styles > 0 else {
            throw LayerError.invalidConfiguration(layer: name, reason: "styles must be positive, got \(styles)")
        }
        self.name = name
        self.channels = channels
        self.styles = styles
        self.epsilon = epsilon
        self.fusedReLU = fusedReLU
        let shape = styles == 1 ? [channels] : [styles, channels]
        gamma = Parameter(name: "\(name).weight", shape: shape)
        beta = Parameter(name: "\(name).bias", shape: shape)
        gamma.value.fill(1)
    }

    /// The row of γ and β of each of `batch` samples.
    private func styleRows(batch: Int) throws -> [Int] {
        guard let styleOfSample else { return [Int](repeating: 0, count: batch) }
        guard styleOfSample.count == batch, styleOfSample.allSatisfy({ (0..<styles).contains($0) }) else {
            throw LayerError.invalidConfiguration(
                layer: name, reason: "needs a style in 0..<\(styles) for each of \(batch) samples, got \(styleOfSample)"
            )
        }
        return styleOfSample
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requireRank4(x, name)
        guard x.channels == channels else {
            throw LayerError.shapeMismatch(layer: name, expected: "N×\(channels)×H×W", got: x.shape)
        }
        let padded = x.channelBlocks * x.channelBlock
        if let frozen = frozenStatistics {
            guard frozen.mean.count == channels, frozen.inverseStd.count == channels else {
                throw LayerError.invalidConfiguration(
                    layer: name, reason: "frozen statistics need \(channels) channels, got \(frozen.mean.count)")
            }
            mean = [Float](repeating: 0, count: x.batch * padded)
            inverseStd = mean
            for n in 0..<x.batch {
                mean.replaceSubrange((n * padded)..<(n * padded + channels), with: frozen.mean)
                inverseStd.replaceSubrange((n * padded)..<(n * padded + channels), with: frozen.inverseStd)
            }
        } else {
            let stats = Normalization.statistics(x, grouping: .perSample, epsilon: epsilon)
            mean = stats.mean
            inverseStd = stats.inverseStd
        }
        rows = try styleRows(batch: x.batch)
        let g = gamma.value.toArray(), b = beta.value.toArray()
        var scale = [Float](repeating: 0, count: mean.count), shift = scale
        for n in 0..<x.batch {
            for c in 0..<channels {
                let i = n * padded + c, row = rows[n] * channels + c
                scale[i] = g[row] * inverseStd[i]
                shift[i] = b[row] - mean[i] * scale[i]
            }
        }
        let y = normalizesInPlaceInInference && ForwardPass.isInferenceOnly ? x : output.tensor(like: x)
        Normalization.apply(x, grouping: .perSample, scale: scale, shift: shift, relu: fusedReLU, into: y)
        input = ForwardPass.keptForBackward(x)
        return y
    }

    /// The statistics the last forward pass used for `sample`.
    public func statistics(ofSample sample: Int) -> Statistics {
        let start = sample * (mean.count / max(input?.batch ?? 1, 1))
        return Statistics(
            mean: Array(mean[start..<(start + channels)]), inverseStd: Array(inverseStd[start..<(start + channels)]))
    }

    public func backward(_ dy: Tensor) throws -> Tensor? {
        guard let x = input else { throw LayerError.noForwardPass(layer: name) }
        guard frozenStatistics == nil else {
            throw LayerError.invalidConfiguration(
                layer: name, reason: "no backward pass with frozen statistics (inference only)")
        }
        try requireShape(dy, x.shape, name)
        let padded = x.channelBlocks * x.channelBlock
        let g = gamma.value.toArray()
        var gammaPerGroup = [Float](repeating: 0, count: mean.count)
        for n in 0..<x.batch { for c in 0..<channels { gammaPerGroup[n * padded + c] = g[rows[n] * channels + c] } }
        let dx = inputGradient.tensor(like: x)
        let (dGamma, dBeta) = Normalization.backward(
            input: x, output: output.tensor(like: x), outputGradient: dy, grouping: .perSample,
            mean: mean, inverseStd: inverseStd, gamma: gammaPerGroup, relu: fusedReLU, inputGradient: dx)
        if gamma.isTrainable {
            for n in 0..<x.batch {
                for c in 0..<channels {
                    gamma.gradient.data[rows[n] * channels + c] += dGamma[n * padded + c]
                    beta.gradient.data[rows[n] * channels + c] += dBeta[n * padded + c]
                }
            }
        }
        return dx
    }
}
