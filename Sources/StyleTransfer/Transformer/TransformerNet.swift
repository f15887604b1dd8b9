import NN
import Tensors

/// The image transformation network of Johnson et al. 2016, built from an `Architecture`:
/// RGB images in [0, 255] (N, 3, H, W) → stylized RGB images of the same size.
public final class TransformerNet {
    public let settings: TransformerSettings
    /// All layers in order (residual blocks are `Residual` layers).
    public let body: Sequential
    public var parameters: [Parameter] { body.parameters }

    /// `convolutions` says how the convolutions compute (exact by default).
    public init(settings: TransformerSettings = .init(), convolutions: ConvolutionSettings = .init()) throws {
        try WorkingMemory.requireNetwork(settings.architecture)
        try settings.validateStyles()
        self.settings = settings
        var layers: [Layer] = []
        var channels = 3
        let blocks = settings.architecture.blocks
        for (index, block) in blocks.enumerated() {
            let name = "layer\(index + 1)"
            switch block {
            case let .convolution(kernelSize, stride, outChannels) where index == blocks.count - 1:
                layers.append(
                    try Conv2D(
                        name: name, inChannels: channels, outChannels: outChannels, kernelSize: kernelSize,
                        stride: stride, padding: settings.padding, settings: convolutions))
                if settings.outputActivation == .tanh {
                    layers.append(try Tanh(name: "output", scale: 127.5, offset: 127.5))
                }
            case let .convolution(kernelSize, stride, outChannels):
                layers += try Self.convolutionBlock(
                    name, channels, outChannels, kernelSize, stride, settings, convolutions)
                channels = outChannels
            case let .down(outChannels):
                layers += try Self.convolutionBlock(name, channels, outChannels, 3, 2, settings, convolutions)
                channels = outChannels
            case let .residual(width):
                let inner =
                    try Self.convolutionBlock("\(name).1", width, width, 3, 1, settings, convolutions)
                    + Self.convolutionBlock("\(name).2", width, width, 3, 1, settings, convolutions, relu: false)
                layers.append(try Residual(name: name, body: Sequential(name: name, inner)))
            case let .up(outChannels):
                if settings.upsampling == .nearest {
                    // Nearest ×2 then a 3×3 convolution, fused (see `Conv2D.upsamplesInput`).
                    layers += try Self.convolutionBlock(
                        name, channels, outChannels, 3, 1, settings, convolutions, upsamples: true)
                } else {
                    layers.append(
                        try TransposedConv2D(
                            name: name, inChannels: channels, outChannels: outChannels, bias: false,
                            policy: convolutions.policy))
                    layers.append(try Self.normalization("\(name).norm", outChannels, settings, relu: true))
                }
                channels = outChannels
            }
        }
        (layers.first as? Conv2D)?.computesInputGradient = false
        body = try Sequential(name: "transformer", layers)
    }

    /// Convolution (no bias: the normalization after it cancels one), normalization, ReLU.
    private static func convolutionBlock(
        _ name: String, _ inChannels: Int, _ outChannels: Int, _ kernelSize: Int,
        _ stride: Int, _ settings: TransformerSettings, _ convolutions: ConvolutionSettings,
        relu: Bool = true, upsamples: Bool = false
    ) throws -> [Layer] {
        [
            try Conv2D(
                name: name, inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize, stride: stride,
                padding: settings.padding, bias: false, upsamplesInput: upsamples, settings: convolutions),
            try normalization("\(name).norm", outChannels, settings, relu: relu),
        ]
    }

    private static func normalization(_ name: String, _ channels: Int, _ settings: TransformerSettings, relu: Bool)
        throws -> Layer
    {
        switch settings.normalization {
        case .instance:
            // It always follows a convolution, whose output nothing else reads.
            let norm = try InstanceNorm(name: name, channels: channels, styles: settings.styles, fusedReLU: relu)
            norm.normalizesInPlaceInInference = true
            return norm
        case .batch: return try BatchNorm(name: name, channels: channels, fusedReLU: relu)
        }
    }

    /// PyTorch's default initialization of every convolution, from `seed`.
    public func initialize(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for layer in allLayers {
            if let conv = layer as? Conv2D { conv.initialize(using: &generator) }
            if let conv = layer as? TransposedConv2D { conv.initialize(using: &generator) }
        }
    }

    /// Every layer, with those inside residual blocks, in order.
    public var allLayers: [Layer] {
        func flatten(_ layer: Layer) -> [Layer] {
            if let sequential = layer as? Sequential { return sequential.layers.flatMap(flatten) }
            if let residual = layer as? Residual { return [residual] + flatten(residual.body) }
            return [layer]
        }
        return flatten(body)
    }

    /// The instance normalization layers, whose scales and shifts are a style's own.
    public var normalizations: [InstanceNorm] { allLayers.compactMap { $0 as? InstanceNorm } }

    /// The style of each sample of the next forward passes (nil: the first style for all).
    public var styleOfSample: [Int]? {
        get { normalizations.first?.styleOfSample }
        set { for norm in normalizations { norm.styleOfSample = newValue } }
    }

    /// Batch normalization's running statistics by name (saved in checkpoints, not trained).
    public var buffers: [(name: String, tensor: Tensor)] {
        allLayers.compactMap { $0 as? BatchNorm }.flatMap { norm in
            [("\(norm.name).running_mean", norm.runningMean), ("\(norm.name).running_var", norm.runningVariance)]
        }
    }

    /// For inference only: no parameter gradients, and convolution weights kept in oneDNN's
    /// layout instead of reordered on every call.
    public func freeze() {
        for p in parameters { p.isTrainable = false }
        isTraining = false
        weightsChanged()
    }

    /// Call after the parameters were overwritten (loading a checkpoint).
    public func weightsChanged() {
        for layer in allLayers {
            (layer as? Conv2D)?.weightsChanged()
            (layer as? TransposedConv2D)?.weightsChanged()
        }
    }

    /// Out of training (validation, stylizing) batch normalization uses its running statistics
    /// and forward passes keep no activations for a backward pass (`ForwardPass.inferenceOnly`),
    /// which bounds memory to a few activations.
    public var isTraining: Bool = true {
        didSet { for case let norm as BatchNorm in allLayers { norm.isTraining = isTraining } }
    }

    public func forward(_ images: Tensor) throws -> Tensor {
        if isTraining { return try body.forward(images) }
        return try ForwardPass.inferenceOnly { try body.forward(images) }
    }

    /// Accumulates the parameters' gradients; the input images get none.
    public func backward(_ outputGradient: Tensor) throws {
        _ = try body.backward(outputGradient)
    }
}
