import Tensors

/// How a convolution treats the border.
public enum PaddingMode: String, Sendable, CaseIterable, Codable {
    /// Zeros outside the image (VGG).
    case zero
    /// The image mirrored at the border (Johnson's transformation network): no dark frame.
    case reflection
}

/// 2-D convolution, K×K (K odd), stride 1 or 2, "same"-style padding of K/2 on each side,
/// optional bias and optional fused ReLU. Runs on oneDNN.
///
/// Shapes: input (N, Cin, H, W) → output (N, Cout, (H + 2·(K/2) − K)/S + 1, same for W).
/// Weights (Cout, Cin, K, K), bias (Cout).
public final class Conv2D: Layer {
    public let name: String
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: Int
    public let stride: Int
    public let padding: PaddingMode
    public let fusedReLU: Bool
    public let weight: Parameter
    public let bias: Parameter?
    /// Set to false for the first layer of a network fed with data: no input gradient.
    public var computesInputGradient = true

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    private var input: Tensor?
    private let padded = Buffer()
    private let output = Buffer()
    private let paddedGradient = Buffer()
    private let inputGradient = Buffer()
    private let weightCache = WeightCache()

    public init(name: String = "conv", inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1,
                padding: PaddingMode = .zero, bias: Bool = true, fusedReLU: Bool = false) throws {
        guard inChannels > 0, outChannels > 0 else {
            throw LayerError.invalidConfiguration(layer: name, reason: "channel counts must be positive, got \(inChannels)→\(outChannels)")
        }
        guard kernelSize > 0, kernelSize % 2 == 1 else {
            throw LayerError.invalidConfiguration(layer: name, reason: "kernel size must be odd and positive, got \(kernelSize)")
        }
        guard stride == 1 || stride == 2 else {
            throw LayerError.invalidConfiguration(layer: name, reason: "stride must be 1 or 2, got \(stride)")
        }
        self.name = name
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.fusedReLU = fusedReLU
        self.weight = Parameter(name: "\(name).weight", shape: [outChannels, inChannels, kernelSize, kernelSize])
        self.bias = bias ? Parameter(name: "\(name).bias", shape: [outChannels]) : nil
    }

    /// PyTorch's default initialization: uniform in ±1/√fan_in for weights and bias.
    public func initialize(using generator: inout SeededGenerator) {
        Parameter.initializeConvolution(weight: weight, bias: bias, fanIn: inChannels * kernelSize * kernelSize, using: &generator)
        weightCache.invalidate()
    }

    /// Call after changing `weight.value` of a frozen layer (its reordered copy is cached).
    public func weightsChanged() { weightCache.invalidate() }

    private var halo: Int { kernelSize / 2 }

    private func kernel(for x: Tensor) -> ConvolutionKernel {
        let zeroPad = padding == .zero ? halo : 0
        let extra = padding == .reflection ? 2 * halo : 0
        return .shared(ConvolutionGeometry(
            batch: x.batch, inChannels: inChannels, outChannels: outChannels,
            height: x.height + extra, width: x.width + extra, kernelSize: kernelSize, stride: stride,
            padding: zeroPad, hasBias: bias != nil, fusedReLU: fusedReLU))
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requireRank4(x, name)
        guard x.channels == inChannels else {
            throw LayerError.shapeMismatch(layer: name, expected: "N×\(inChannels)×H×W", got: x.shape)
        }
        if padding == .reflection, x.height <= halo || x.width <= halo {
            throw LayerError.invalidConfiguration(layer: name,
                reason: "reflection padding of \(halo) needs an input larger than \(halo)×\(halo) pixels, got \(x.height)×\(x.width)")
        }
        let source: Tensor
        if padding == .reflection {
            source = padded.tensor([x.batch, x.channels, x.height + 2 * halo, x.width + 2 * halo], channelBlock: x.channelBlock)
            ReflectionPadding.forward(x, pad: halo, into: source)
        } else {
            source = x
        }
        let k = kernel(for: x)
        let y = output.tensor(k.geometry.outputShape, channelBlock: ChannelLayout.block(forChannels: outChannels))
        k.forward(input: source, weights: weight.value, bias: bias?.value, output: y,
                  weightCache: weight.isTrainable ? nil : weightCache)
        input = x
        return y
    }

    public func backward(_ dy: Tensor) throws -> Tensor? {
        guard let x = input else { throw LayerError.noForwardPass(layer: name) }
        let k = kernel(for: x)
        try requireShape(dy, k.geometry.outputShape, name)
        let gradient = dy
        if fusedReLU {
            // d/dz relu(z) = [y > 0], applied to dy in place (see `Layer.backward`).
            let y = output.tensor(k.geometry.outputShape, channelBlock: ChannelLayout.block(forChannels: outChannels))
            Activation.reluBackward(output: y, outputGradient: dy, into: dy)
        }
        let source = padding == .reflection ? padded.tensor([x.batch, x.channels, x.height + 2 * halo, x.width + 2 * halo], channelBlock: x.channelBlock) : x
        if weight.isTrainable {
            k.backwardWeights(input: source, outputGradient: gradient, weightGradient: weight.gradient,
                              biasGradient: bias?.gradient)
        }
        guard computesInputGradient else { return nil }
        let dx = inputGradient.tensor(like: x)
        if padding == .reflection {
            let dPadded = paddedGradient.tensor(like: source)
            k.backwardData(outputGradient: gradient, weights: weight.value, inputGradient: dPadded,
                           weightCache: weight.isTrainable ? nil : weightCache)
            ReflectionPadding.backward(dPadded, pad: halo, into: dx)
        } else {
            k.backwardData(outputGradient: gradient, weights: weight.value, inputGradient: dx,
                           weightCache: weight.isTrainable ? nil : weightCache)
        }
        return dx
    }
}
