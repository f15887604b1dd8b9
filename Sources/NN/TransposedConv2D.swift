import Tensors

/// Fractionally strided (transposed) convolution that upsamples ×2: K×K (K odd, ≥ 3), stride 2,
/// zero padding K/2, output padding 1, so the output is exactly 2H × 2W. Optional bias.
/// Runs on oneDNN's deconvolution.
///
/// Shapes: input (N, Cin, H, W) → output (N, Cout, 2H, 2W).
/// Weights (Cout, Cin, K, K), as oneDNN wants them: the transpose of the first two axes of
/// PyTorch's ConvTranspose2d weight (Cin, Cout, K, K). Bias (Cout).
/// Element by element: y[o, 2i − K/2 + u, 2j − K/2 + v] += w[o, c, u, v] · x[c, i, j], summed over
/// c, i, j, u, v (positions outside the output are dropped), plus bias[o].
public final class TransposedConv2D: Layer {
    public let name: String
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: Int
    public let weight: Parameter
    public let bias: Parameter?
    /// Set to false for the first layer of a network fed with data: no input gradient.
    public var computesInputGradient = true
    public let policy: ConvolutionPolicy

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    private var input: Tensor?
    private let output = Buffer()
    private let inputGradient = Buffer(retains: false)
    private let weightCache = WeightCache()

    public init(
        name: String = "deconv", inChannels: Int, outChannels: Int, kernelSize: Int = 3, bias: Bool = true,
        policy: ConvolutionPolicy = .exact
    ) throws {
        guard inChannels > 0, outChannels > 0 else {
            throw LayerError.invalidConfiguration(
                layer: name, reason: "channel counts must be positive, got \(inChannels)→\(outChannels)")
        }
        guard kernelSize >= 3, kernelSize % 2 == 1 else {
            throw LayerError.invalidConfiguration(
                layer: name, reason: "kernel size must be odd and at least 3, got \(kernelSize)")
        }
        self.name = name
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.policy = policy
        self.weight = Parameter(name: "\(name).weight", shape: [outChannels, inChannels, kernelSize, kernelSize])
        self.bias = bias ? Parameter(name: "\(name).bias", shape: [outChannels]) : nil
    }

    /// PyTorch's default initialization of ConvTranspose2d: uniform in ±1/√fan_in for weights
    /// and bias, where PyTorch computes fan_in from its (Cin, Cout, K, K) weight as
    /// size(1)·K·K = Cout·K·K.
    public func initialize(using generator: inout SeededGenerator) {
        Parameter.initializeConvolution(
            weight: weight, bias: bias, fanIn: outChannels * kernelSize * kernelSize, using: &generator)
        weightCache.invalidate()
    }

    /// Call after changing `weight.value` of a frozen layer (its reordered copy is cached).
    public func weightsChanged() { weightCache.invalidate() }

    private func kernel(for x: Tensor) -> ConvolutionKernel {
        .shared(
            ConvolutionGeometry(
                batch: x.batch, inChannels: inChannels, outChannels: outChannels, height: x.height, width: x.width,
                kernelSize: kernelSize, stride: 2, padding: kernelSize / 2, outputPadding: 1, transposed: true,
                hasBias: bias != nil), policy: policy)
    }

    private var outputBlock: Int { ChannelLayout.block(forChannels: outChannels) }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requireRank4(x, name)
        guard x.channels == inChannels, x.height > 0, x.width > 0 else {
            throw LayerError.shapeMismatch(layer: name, expected: "N×\(inChannels)×H×W", got: x.shape)
        }
        let k = kernel(for: x)
        let y = output.tensor(k.geometry.outputShape, channelBlock: outputBlock)
        k.forward(
            input: x, weights: weight.value, bias: bias?.value, output: y,
            weightCache: weight.isTrainable ? nil : weightCache)
        input = ForwardPass.keptForBackward(x)
        return y
    }

    public func backward(_ dy: Tensor) throws -> Tensor? {
        guard let x = input else { throw LayerError.noForwardPass(layer: name) }
        let k = kernel(for: x)
        try requireShape(dy, k.geometry.outputShape, name)
        if weight.isTrainable {
            k.backwardWeights(
                input: x, outputGradient: dy, weightGradient: weight.gradient, biasGradient: bias?.gradient)
        }
        guard computesInputGradient else { return nil }
        let dx = inputGradient.tensor(like: x)
        k.backwardData(
            outputGradient: dy, weights: weight.value, inputGradient: dx,
            weightCache: weight.isTrainable ? nil : weightCache)
        return dx
    }
}
