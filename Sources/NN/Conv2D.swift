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
/// With `upsamplesInput`, the input is first upsampled ×2 (nearest neighbour), as Johnson's
/// upsampling blocks do; upsampling and reflection padding are one copy, so the upsampled
/// tensor (the largest activation of the network) is never stored on its own.
///
/// Shapes: input (N, Cin, H, W) → output (N, Cout, (H' + 2·(K/2) − K)/S + 1, same for W),
/// H' = H, or 2H with `upsamplesInput`. Weights (Cout, Cin, K, K), bias (Cout).
public final class Conv2D: Layer {
    public let name: String
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: Int
    public let stride: Int
    public let padding: PaddingMode
    public let fusedReLU: Bool
    public let upsamplesInput: Bool
    public let weight: Parameter
    public let bias: Parameter?
    /// Set to false for the first layer of a network fed with data: no input gradient.
    public var computesInputGradient = true
    /// With a fused ReLU, let gradients that would raise an inactive unit pass the ReLU in the
    /// next backward passes (`Activation.redirectedReLUBackward`): for visualizations only.
    public var redirectsReLUGradient = false
    /// How the convolution computes (given by the network that builds it; tests change it).
    public var settings: ConvolutionSettings

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    private var input: Tensor?
    private let upsampledGradient = Buffer(retains: false)
    private let output = Buffer()
    private let paddedGradient = Buffer(retains: false)
    private let inputGradient = Buffer(retains: false)
    private let weightCache = WeightCache()
    /// The weights in bytes, for int8 inference (`Precision.int8`).
    private let quantizedWeights = QuantizedWeights()
    /// The transformed filters of `WinogradConvolution` (inference of a frozen layer).
    private var winogradWeights: [Float]?

    public init(
        name: String = "conv", inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1,
        padding: PaddingMode = .zero, bias: Bool = true, fusedReLU: Bool = false, upsamplesInput: Bool = false,
        settings: ConvolutionSettings = .init()
    ) throws {
        guard inChannels > 0, outChannels > 0 else {
            throw LayerError.invalidConfiguration(
                layer: name, reason: "channel counts must be positive, got \(inChannels)→\(outChannels)")
        }
        guard kernelSize > 0, kernelSize % 2 == 1 else {
            throw LayerError.invalidConfiguration(
                layer: name, reason: "kernel size must be odd and positive, got \(kernelSize)")
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
        self.upsamplesInput = upsamplesInput
        self.settings = settings
        self.weight = Parameter(name: "\(name).weight", shape: [outChannels, inChannels, kernelSize, kernelSize])
        self.bias = bias ? Parameter(name: "\(name).bias", shape: [outChannels]) : nil
    }

    /// PyTorch's default initialization: uniform in ±1/√fan_in for weights and bias.
    public func initialize(using generator: inout SeededGenerator) {
        Parameter.initializeConvolution(
            weight: weight, bias: bias, fanIn: inChannels * kernelSize * kernelSize, using: &generator)
        weightCache.invalidate()
        quantizedWeights.invalidate()
        winogradWeights = nil
    }

    /// Call after changing `weight.value` of a frozen layer (its reordered copy is cached).
    public func weightsChanged() {
        weightCache.invalidate()
        quantizedWeights.invalidate()
        winogradWeights = nil
    }

    private var halo: Int { kernelSize / 2 }
    private var scale: Int { upsamplesInput ? 2 : 1 }

    /// The shape the convolution itself sees: the input's, upsampled if asked.
    private func convolvedShape(_ x: Tensor) -> [Int] { [x.batch, x.channels, scale * x.height, scale * x.width] }

    private func kernel(for x: Tensor) -> ConvolutionKernel {
        let zeroPad = padding == .zero ? halo : 0
        let extra = padding == .reflection ? 2 * halo : 0
        return .shared(
            ConvolutionGeometry(
                batch: x.batch, inChannels: inChannels, outChannels: outChannels,
                height: scale * x.height + extra, width: scale * x.width + extra, kernelSize: kernelSize,
                stride: stride,
                padding: zeroPad, hasBias: bias != nil, fusedReLU: fusedReLU), policy: settings.policy)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requireRank4(x, name)
        guard x.channels == inChannels else {
            throw LayerError.shapeMismatch(layer: name, expected: "N×\(inChannels)×H×W", got: x.shape)
        }
        if padding == .reflection, scale * x.height <= halo || scale * x.width <= halo {
            throw LayerError.invalidConfiguration(
                layer: name,
                reason:
                    "reflection padding of \(halo) needs an input larger than \(halo)×\(halo) pixels, got "
                    + "\(scale * x.height)×\(scale * x.width)"
            )
        }
        let k = kernel(for: x)
        let y = output.tensor(k.geometry.outputShape, channelBlock: ChannelLayout.block(forChannels: outChannels))
        if padding == .reflection, ForwardPass.isInferenceOnly {
            forwardInBands(x, into: y)
            return y
        }
        let source = convolvedSource(x)
        // The last layer (to 3 channels) on the direct kernel in training too: oneDNN computes
        // it as 8 or 16 channels (39 ms of a 1.45 s training step at 128² on a Zen 3).
        if padding == .reflection, settings.usesThreeChannelKernel,
            ThreeChannelConvolution.handles(input: source, output: y, stride: stride)
        {
            ThreeChannelConvolution.forward(
                input: source, weights: weight.value, bias: bias?.value, relu: fusedReLU, output: y, firstRow: 0)
        } else {
            k.forward(
                input: source, weights: weight.value, bias: bias?.value, output: y,
                weightCache: weight.isTrainable ? nil : weightCache)
        }
        input = ForwardPass.keptForBackward(x)
        return y
    }

    /// Inference: the output in bands of rows, each convolved from its own padded copy of the
    /// input rows it needs (about `settings.bandBytes`), so that the padded (and upsampled) input,
    /// the largest tensor of an upsampling block, is never whole in memory.
    private func forwardInBands(_ x: Tensor, into y: Tensor) {
        let paddedWidth = scale * x.width + 2 * halo
        let bytesPerSourceRow = x.batch * x.channelBlocks * x.channelBlock * paddedWidth * MemoryLayout<Float>.size
        let bandRows = max(1, min(y.height, settings.bandBytes / (stride * bytesPerSourceRow)))
        // int8: each channel's factor from its range over the whole input, so that the bands agree.
        let quantization =
            settings.policy.precision == .int8 && bias == nil && x.channelBlock > 1 && !weight.isTrainable
            ? QuantizedConvolution.scales(of: x) : nil
        for firstRow in Swift.stride(from: 0, to: y.height, by: bandRows) {
            let rows = min(bandRows, y.height - firstRow)
            let firstSourceRow = firstRow * stride, sourceRows = (rows - 1) * stride + kernelSize
            // Every element is written by the padding copy: no need to clear it first.
            let band = Tensor(
                uninitializedShape: [x.batch, x.channels, sourceRows, paddedWidth], channelBlock: x.channelBlock)
            ReflectionPadding.forward(
                x, pad: halo, upsampling: scale, rows: firstSourceRow..<(firstSourceRow + sourceRows), into: band)
            if settings.usesThreeChannelKernel, ThreeChannelConvolution.handles(input: band, output: y, stride: stride)
            {
                ThreeChannelConvolution.forward(
                    input: band, weights: weight.value, bias: bias?.value, relu: fusedReLU,
                    output: y, firstRow: firstRow)
                continue
            }
            let geometry = ConvolutionGeometry(
                batch: x.batch, inChannels: inChannels, outChannels: outChannels, height: sourceRows,
                width: paddedWidth,
                kernelSize: kernelSize, stride: stride, padding: 0, hasBias: bias != nil, fusedReLU: fusedReLU)
            if quantization == nil, !weight.isTrainable,
                WinogradConvolution.handles(input: band, output: y, kernelSize: kernelSize, stride: stride),
                WinogradConvolution.chosen(
                    for: geometry, policy: settings.policy,
                    trial: { winograd in
                        if winograd {
                            forwardOnWinograd(band, into: y, firstRow: firstRow)
                        } else {
                            ConvolutionKernel.shared(geometry, policy: settings.policy).forward(
                                input: band, weights: weight.value, bias: bias?.value,
                                output: Tensor(
                                    uninitializedShape: [y.batch, y.channels, rows, y.width],
                                    channelBlock: y.channelBlock),
                                weightCache: weightCache)
                        }
                    })
            {
                forwardOnWinograd(band, into: y, firstRow: firstRow)
                continue
            }
            // One band (a small image): the output itself, not a copy of it.
            let bandOutput =
                rows == y.height
                ? y : Tensor(uninitializedShape: [y.batch, y.channels, rows, y.width], channelBlock: y.channelBlock)
            if let quantization,
                let int8 = QuantizedConvolution.shared(
                    geometry, channelBlock: x.channelBlock, signedSource: quantization.signed)
            {
                int8.forward(
                    input: band, scales: quantization.scales, weights: weight.value, quantized: quantizedWeights,
                    output: bandOutput)
                if bandOutput !== y { copyRows(of: bandOutput, into: y, firstRow: firstRow) }
                continue
            }
            let k = ConvolutionKernel.shared(geometry, policy: settings.policy)
            k.forward(
                input: band, weights: weight.value, bias: bias?.value, output: bandOutput,
                weightCache: weight.isTrainable ? nil : weightCache)
            if bandOutput !== y { copyRows(of: bandOutput, into: y, firstRow: firstRow) }
        }
    }

    /// A band on `WinogradConvolution` (a frozen layer: its transformed filters are kept).
    private func forwardOnWinograd(_ band: Tensor, into y: Tensor, firstRow: Int) {
        if winogradWeights == nil { winogradWeights = WinogradConvolution.transformedWeights(weight.value) }
        WinogradConvolution.forward(
            input: band, transformed: winogradWeights!, bias: bias?.value, relu: fusedReLU, output: y,
            firstRow: firstRow)
    }

    /// Copies a band's output into rows firstRow… of the whole output.
    private func copyRows(of band: Tensor, into y: Tensor, firstRow: Int) {
        let planes = y.batch * y.channelBlocks, rowFloats = y.width * y.channelBlock, rows = band.height
        for plane in 0..<planes {
            (y.data + (plane * y.height + firstRow) * rowFloats).update(
                from: band.data + plane * rows * rowFloats, count: rows * rowFloats)
        }
    }

    public func backward(_ dy: Tensor) throws -> Tensor? {
        guard let x = input else { throw LayerError.noForwardPass(layer: name) }
        let k = kernel(for: x)
        try requireShape(dy, k.geometry.outputShape, name)
        let gradient = dy
        if fusedReLU {
            // d/dz relu(z) = [y > 0], applied to dy in place (see `Layer.backward`).
            let y = output.tensor(k.geometry.outputShape, channelBlock: ChannelLayout.block(forChannels: outChannels))
            if redirectsReLUGradient {
                Activation.redirectedReLUBackward(output: y, outputGradient: dy, into: dy)
            } else {
                Activation.reluBackward(output: y, outputGradient: dy, into: dy)
            }
        }
        let source = convolvedSource(x)
        if weight.isTrainable {
            k.backwardWeights(
                input: source, outputGradient: gradient, weightGradient: weight.gradient,
                biasGradient: bias?.gradient)
        }
        guard computesInputGradient else { return nil }
        let dx = inputGradient.tensor(like: x)
        // Back through the padding, then through the upsampling (each pixel gets its 2×2 block).
        let dConvolved = upsamplesInput ? upsampledGradient.tensor(convolvedShape(x), channelBlock: x.channelBlock) : dx
        if padding == .reflection {
            let dPadded = paddedGradient.tensor(like: source)
            k.backwardData(
                outputGradient: gradient, weights: weight.value, inputGradient: dPadded,
                weightCache: weight.isTrainable ? nil : weightCache)
            ReflectionPadding.backward(dPadded, pad: halo, into: dConvolved)
        } else {
            k.backwardData(
                outputGradient: gradient, weights: weight.value, inputGradient: dConvolved,
                weightCache: weight.isTrainable ? nil : weightCache)
        }
        if upsamplesInput { NearestUpsampling.backward(dConvolved, into: dx) }
        return dx
    }

    /// What oneDNN convolves: the input itself, or its (upsampled and/or reflection-padded) copy.
    /// The copy is made again for the backward pass rather than kept from the forward pass: kept,
    /// the copies of every layer would stay alive through the whole training step (at 128²,
    /// batch 4, about 80 MB of a 490 MB peak), for the price of one more copy per layer.
    private func convolvedSource(_ x: Tensor) -> Tensor {
        let shape = convolvedShape(x)
        if padding == .reflection {
            let source = Tensor(
                uninitializedShape: [shape[0], shape[1], shape[2] + 2 * halo, shape[3] + 2 * halo],
                channelBlock: x.channelBlock)
            ReflectionPadding.forward(x, pad: halo, upsampling: scale, rows: 0..<source.height, into: source)
            return source
        }
        guard upsamplesInput else { return x }
        let source = Tensor(uninitializedShape: shape, channelBlock: x.channelBlock)
        NearestUpsampling.forward(x, into: source)
        return source
    }
}
