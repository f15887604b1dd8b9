import Tensors

/// Instance normalization (Ulyanov et al. 2016), affine, optionally followed by a fused ReLU:
/// y = relu?(γ_c · (x − μ_nc) / √(σ²_nc + ε) + β_c), statistics over H × W of each sample and
/// channel. The same at training and inference, which is what lets one network stylize
/// images of any size.
public final class InstanceNorm: Layer {
    public let name: String
    public let channels: Int
    public let epsilon: Float
    public let fusedReLU: Bool
    public let gamma: Parameter
    public let beta: Parameter
    public var parameters: [Parameter] { [gamma, beta] }

    private var input: Tensor?
    private var mean: [Float] = []
    private var inverseStd: [Float] = []
    private let output = Buffer()
    private let inputGradient = Buffer()

    public init(name: String = "norm", channels: Int, epsilon: Float = 1e-5, fusedReLU: Bool = false) throws {
        guard channels > 0 else { throw LayerError.invalidConfiguration(layer: name, reason: "channels must be positive, got \(channels)") }
        self.name = name
        self.channels = channels
        self.epsilon = epsilon
        self.fusedReLU = fusedReLU
        gamma = Parameter(name: "\(name).weight", shape: [channels])
        beta = Parameter(name: "\(name).bias", shape: [channels])
        gamma.value.fill(1)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requireRank4(x, name)
        guard x.channels == channels else { throw LayerError.shapeMismatch(layer: name, expected: "N×\(channels)×H×W", got: x.shape) }
        let stats = Normalization.statistics(x, grouping: .perSample, epsilon: epsilon)
        mean = stats.mean
        inverseStd = stats.inverseStd
        let padded = x.channelBlocks * x.channelBlock
        let g = gamma.value.toArray(), b = beta.value.toArray()
        var scale = [Float](repeating: 0, count: mean.count), shift = scale
        for n in 0..<x.batch {
            for c in 0..<channels {
                let i = n * padded + c
                scale[i] = g[c] * inverseStd[i]
                shift[i] = b[c] - mean[i] * scale[i]
            }
        }
        let y = output.tensor(like: x)
        Normalization.apply(x, grouping: .perSample, scale: scale, shift: shift, relu: fusedReLU, into: y)
        input = ForwardPass.keptForBackward(x)
        return y
    }

    public func backward(_ dy: Tensor) throws -> Tensor? {
        guard let x = input else { throw LayerError.noForwardPass(layer: name) }
        try requireShape(dy, x.shape, name)
        let padded = x.channelBlocks * x.channelBlock
        let g = gamma.value.toArray()
        var gammaPerGroup = [Float](repeating: 0, count: mean.count)
        for n in 0..<x.batch { for c in 0..<channels { gammaPerGroup[n * padded + c] = g[c] } }
        let dx = inputGradient.tensor(like: x)
        let (dGamma, dBeta) = Normalization.backward(
            input: x, output: output.tensor(like: x), outputGradient: dy, grouping: .perSample,
            mean: mean, inverseStd: inverseStd, gamma: gammaPerGroup, relu: fusedReLU, inputGradient: dx)
        if gamma.isTrainable {
            for n in 0..<x.batch {
                for c in 0..<channels {
                    gamma.gradient.data[c] += dGamma[n * padded + c]
                    beta.gradient.data[c] += dBeta[n * padded + c]
                }
            }
        }
        return dx
    }
}
