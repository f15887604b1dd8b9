import Tensors

/// Batch normalization (Ioffe & Szegedy 2015), affine, optionally with a fused ReLU.
/// Training normalizes with the batch's statistics per channel (over N × H × W) and updates
/// running estimates (momentum 0.1, unbiased variance, as PyTorch); inference uses the running
/// estimates. Johnson et al. used it before instance normalization became the default.
public final class BatchNorm: Layer {
    public let name: String
    public let channels: Int
    public let epsilon: Float
    public let momentum: Float
    public let fusedReLU: Bool
    public let gamma: Parameter
    public let beta: Parameter
    /// Running estimates used at inference (saved in checkpoints, not trained).
    public let runningMean: Tensor
    public let runningVariance: Tensor
    /// Training mode: batch statistics and running-estimate updates; else running estimates.
    public var isTraining = true
    public var parameters: [Parameter] { [gamma, beta] }

    private var input: Tensor?
    private var mean: [Float] = []
    private var inverseStd: [Float] = []
    private var usedBatchStatistics = true
    private let output = Buffer()
    private let inputGradient = Buffer(retains: false)

    public init(
        name: String = "norm", channels: Int, epsilon: Float = 1e-5, momentum: Float = 0.1, fusedReLU: Bool = false
    ) throws {
        guard channels > 0 else {
            throw LayerError.invalidConfiguration(layer: name, reason: "channels must be positive, got \(channels)")
        }
        self.name = name
        self.channels = channels
        self.epsilon = epsilon
        self.momentum = momentum
        self.fusedReLU = fusedReLU
        gamma = Parameter(name: "\(name).weight", shape: [channels])
        beta = Parameter(name: "\(name).bias", shape: [channels])
        gamma.value.fill(1)
        runningMean = Tensor(shape: [channels])
        runningVariance = Tensor(shape: [channels])
        runningVariance.fill(1)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requireRank4(x, name)
        guard x.channels == channels else {
            throw LayerError.shapeMismatch(layer: name, expected: "N×\(channels)×H×W", got: x.shape)
        }
        let padded = x.channelBlocks * x.channelBlock
        mean = [Float](repeating: 0, count: padded)
        inverseStd = [Float](repeating: 0, count: padded)
        usedBatchStatistics = isTraining
        if isTraining {
            let stats = Normalization.statistics(x, grouping: .perChannel, epsilon: epsilon)
            mean = stats.mean
            inverseStd = stats.inverseStd
            let count = Float(x.batch * x.height * x.width)
            let unbiased = count > 1 ? count / (count - 1) : 1
            for c in 0..<channels {
                runningMean.data[c] = (1 - momentum) * runningMean.data[c] + momentum * mean[c]
                runningVariance.data[c] =
                    (1 - momentum) * runningVariance.data[c] + momentum * stats.variance[c] * unbiased
            }
        } else {
            for c in 0..<channels {
                mean[c] = runningMean.data[c]
                inverseStd[c] = 1 / (runningVariance.data[c] + epsilon).squareRoot()
            }
        }
        var scale = [Float](repeating: 0, count: padded), shift = scale
        for c in 0..<channels {
            scale[c] = gamma.value.data[c] * inverseStd[c]
            shift[c] = beta.value.data[c] - mean[c] * scale[c]
        }
        let y = output.tensor(like: x)
        Normalization.apply(x, grouping: .perChannel, scale: scale, shift: shift, relu: fusedReLU, into: y)
        input = ForwardPass.keptForBackward(x)
        return y
    }

    public func backward(_ dy: Tensor) throws -> Tensor? {
        guard let x = input else { throw LayerError.noForwardPass(layer: name) }
        try requireShape(dy, x.shape, name)
        let padded = x.channelBlocks * x.channelBlock
        var gammaPadded = [Float](repeating: 0, count: padded)
        for c in 0..<channels { gammaPadded[c] = gamma.value.data[c] }
        let dx = inputGradient.tensor(like: x)
        let (dGamma, dBeta) = Normalization.backward(
            input: x, output: output.tensor(like: x), outputGradient: dy, grouping: .perChannel,
            mean: mean, inverseStd: inverseStd, gamma: gammaPadded, relu: fusedReLU,
            statisticsAreConstant: !usedBatchStatistics, inputGradient: dx)
        if gamma.isTrainable {
            for c in 0..<channels {
                gamma.gradient.data[c] += dGamma[c]
                beta.gradient.data[c] += dBeta[c]
            }
        }
        return dx
    }
}
