import NN
import Tensors

/// Everything that fixes a transformation network's structure (saved in checkpoints).
public struct TransformerOptions: Codable, Equatable, Sendable {
    public enum Normalization: String, Codable, Sendable, CaseIterable {
        /// Instance normalization (Ulyanov et al. 2016): better pictures, any batch size.
        case instance
        /// Batch normalization, as in Johnson et al.'s paper.
        case batch
    }
    public enum Upsampling: String, Codable, Sendable, CaseIterable {
        /// Nearest-neighbour ×2 then a 3×3 convolution: no checkerboard artefacts.
        case nearest
        /// A fractionally strided (transposed) convolution, as in the paper.
        case transposed
    }
    /// The default is linear (as pytorch/examples): measured on the demo set, a tanh output
    /// saturates bright regions to white blobs whose gradient then vanishes, and its style loss
    /// after 110 steps was 7× higher than the linear output's (4e5 vs 5.8e4).
    public enum OutputActivation: String, Codable, Sendable, CaseIterable {
        /// 127.5·tanh(z) + 127.5: always a valid pixel value in (0, 255).
        case tanh
        /// z itself, clamped to [0, 255] only when saved.
        case linear
    }

    public var architecture = Architecture.johnson
    public var normalization = Normalization.instance
    public var padding = PaddingMode.reflection
    public var upsampling = Upsampling.nearest
    public var outputActivation = OutputActivation.linear
    /// Styles the network holds (conditional instance normalization: a row of scales and shifts
    /// per style in every normalization layer, the convolutions shared).
    public var styles = 1

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case architecture, normalization, padding, upsampling, outputActivation, styles
    }

    /// The most styles one network holds: each adds two numbers per normalized channel (3,200 in
    /// Johnson's network), so far beyond any real use and still a few megabytes.
    public static let maximumStyles = 1024

    /// Throws unless the network can hold its styles: conditional normalization needs instance
    /// normalization (batch normalization's running statistics mix the styles of a batch).
    public func validateStyles() throws {
        try SettingBounds.require(styles, in: 1...Self.maximumStyles, .styles)
        guard styles == 1 || normalization == .instance else {
            throw InvalidSetting(.normalization, normalization.rawValue, "must be instance for a network of several styles")
        }
    }

    /// Synthesized, except that `styles` may be absent: networks saved before it existed hold one.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        architecture = try c.decode(Architecture.self, forKey: .architecture)
        normalization = try c.decode(Normalization.self, forKey: .normalization)
        padding = try c.decode(PaddingMode.self, forKey: .padding)
        upsampling = try c.decode(Upsampling.self, forKey: .upsampling)
        outputActivation = try c.decode(OutputActivation.self, forKey: .outputActivation)
        styles = try c.decodeIfPresent(Int.self, forKey: .styles) ?? 1
    }
}

/// The image transformation network of Johnson et al. 2016, built from an `Architecture`:
/// RGB images in [0, 255] (N, 3, H, W) → stylized RGB images of the same size.
public final class TransformerNet {
    public let options: TransformerOptions
    /// All layers in order (residual blocks are `Residual` layers).
    public let body: Sequential
    public var parameters: [Parameter] { body.parameters }

    /// `convolutions` says how the convolutions compute (exact by default).
    public init(options: TransformerOptions = .init(), convolutions: ConvolutionSettings = .init()) throws {
        try WorkingMemory.requireNetwork(options.architecture)
        try options.validateStyles()
        self.options = options
        var layers: [Layer] = []
        var channels = 3
        let blocks = options.architecture.blocks
        for (index, block) in blocks.enumerated() {
            let name = "layer\(index + 1)"
            switch block {
            case let .convolution(kernelSize, stride, outChannels) where index == blocks.count - 1:
                layers.append(try Conv2D(name: name, inChannels: channels, outChannels: outChannels, kernelSize: kernelSize,
                                         stride: stride, padding: options.padding, settings: convolutions))
                if options.outputActivation == .tanh { layers.append(try Tanh(name: "output", scale: 127.5, offset: 127.5)) }
            case let .convolution(kernelSize, stride, outChannels):
                layers += try Self.convolutionBlock(name, channels, outChannels, kernelSize, stride, options, convolutions)
                channels = outChannels
            case let .down(outChannels):
                layers += try Self.convolutionBlock(name, channels, outChannels, 3, 2, options, convolutions)
                channels = outChannels
            case let .residual(width):
                let inner = try Self.convolutionBlock("\(name).1", width, width, 3, 1, options, convolutions)
                    + Self.convolutionBlock("\(name).2", width, width, 3, 1, options, convolutions, relu: false)
                layers.append(try Residual(name: name, body: Sequential(name: name, inner)))
            case let .up(outChannels):
                if options.upsampling == .nearest {
                    // Nearest ×2 then a 3×3 convolution, fused (see `Conv2D.upsamplesInput`).
                    layers += try Self.convolutionBlock(name, channels, outChannels, 3, 1, options, convolutions, upsamples: true)
                } else {
                    layers.append(try TransposedConv2D(name: name, inChannels: channels, outChannels: outChannels, bias: false,
                                                          policy: convolutions.policy))
                    layers.append(try Self.normalization("\(name).norm", outChannels, options, relu: true))
                }
                channels = outChannels
            }
        }
        (layers.first as? Conv2D)?.computesInputGradient = false
        body = try Sequential(name: "transformer", layers)
    }

    /// Convolution (no bias: the normalization after it cancels one), normalization, ReLU.
    private static func convolutionBlock(_ name: String, _ inChannels: Int, _ outChannels: Int, _ kernelSize: Int,
                                         _ stride: Int, _ options: TransformerOptions, _ convolutions: ConvolutionSettings,
                                         relu: Bool = true, upsamples: Bool = false) throws -> [Layer] {
        [try Conv2D(name: name, inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize, stride: stride,
                    padding: options.padding, bias: false, upsamplesInput: upsamples, settings: convolutions),
         try normalization("\(name).norm", outChannels, options, relu: relu)]
    }

    private static func normalization(_ name: String, _ channels: Int, _ options: TransformerOptions, relu: Bool) throws -> Layer {
        switch options.normalization {
        case .instance:
            // It always follows a convolution, whose output nothing else reads.
            let norm = try InstanceNorm(name: name, channels: channels, styles: options.styles, fusedReLU: relu)
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
