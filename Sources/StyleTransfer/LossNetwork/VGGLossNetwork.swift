import NN
import Tensors

/// How the loss network downsamples between blocks.
public enum PoolingMode: String, Sendable, CaseIterable {
    case max
    /// Average pooling, which Gatys et al. found gives smoother optimized images.
    case average = "avg"
}

/// The frozen VGG loss network (VGG-16 or VGG-19 convolutions, ImageNet weights), built only
/// up to the deepest layer a caller needs, with the Caffe preprocessing inside: it takes RGB
/// images in [0, 255], (N, 3, H, W) plain.
///
/// Layers are addressed by the usual names of the activations after each ReLU: `relu1_1`,
/// `relu1_2`, `relu2_1`, … `relu4_3` (VGG-16), `relu4_4`, `relu5_4` (VGG-19).
/// `forward` returns the requested activations (owned by the network, valid until the next
/// call); `backward` takes dL/dφ at some of them and returns dL/d(image). Weights are never
/// trained, so no weight gradient is ever computed.
public final class VGGLossNetwork {
    public let variant: VGGVariant
    public let pooling: PoolingMode
    /// The ReLU layer names this instance can compute, in order.
    public let layerNames: [String]

    private struct Stage {
        let tap: String?   // the ReLU name when this stage is a convolution (+ fused ReLU)
        let layer: Layer
    }
    private var stages: [Stage] = []
    private var executedStages = 0
    private let tapGradientSums: [String: Buffer]

    /// - Parameter deepest: the deepest ReLU layer needed, e.g. "relu4_3".
    /// - Parameter policy: what the convolutions may do to be fast (exact by default).
    public init(
        weights: VGGWeights, upTo deepest: String, pooling: PoolingMode = .max, policy: ConvolutionPolicy = .exact
    ) throws {
        variant = weights.variant
        self.pooling = pooling
        let all = Self.layerNames(of: weights.variant)
        guard let last = all.firstIndex(of: deepest) else {
            throw LossNetworkError.unknownLayer(deepest, variant: weights.variant, valid: all)
        }
        layerNames = Array(all[...last])
        stages.append(Stage(tap: nil, layer: CaffePreprocessing()))
        var previousBlock = 1
        for (index, tap) in layerNames.enumerated() {
            let block = Int(tap.dropFirst(4).prefix(while: { $0 != "_" }))!
            if block != previousBlock {
                stages.append(Stage(tap: nil, layer: pooling == .max ? MaxPool2D() as Layer : AvgPool2D()))
                previousBlock = block
            }
            let source = weights.layers[index]
            let conv = try Conv2D(
                name: source.name, inChannels: source.inChannels, outChannels: source.outChannels,
                kernelSize: 3, padding: .zero, fusedReLU: true,
                settings: ConvolutionSettings(policy: policy))
            guard source.kernelHeight == 3, source.kernelWidth == 3 else {
                throw LossNetworkError.badWeights(
                    "\(source.name): kernel \(source.kernelHeight)×\(source.kernelWidth), expected 3×3")
            }
            conv.weight.value.data.update(from: source.kernelOIHW, count: source.kernelOIHW.count)
            conv.bias!.value.data.update(from: source.bias, count: source.bias.count)
            for p in conv.parameters { p.isTrainable = false }
            conv.weightsChanged()
            stages.append(Stage(tap: tap, layer: conv))
        }
        tapGradientSums = Dictionary(uniqueKeysWithValues: layerNames.map { ($0, Buffer()) })
    }

    /// Loads the weights the network needs from a Keras-layout HDF5 file and builds it.
    public convenience init(
        weightsPath: String, upTo deepest: String, pooling: PoolingMode = .max,
        policy: ConvolutionPolicy = .exact
    ) throws {
        let probe = try VGGWeights.load(from: weightsPath, upTo: "block1_conv1")
        let all = Self.layerNames(of: probe.variant)
        guard let index = all.firstIndex(of: deepest) else {
            throw LossNetworkError.unknownLayer(deepest, variant: probe.variant, valid: all)
        }
        let weights = try VGGWeights.load(from: weightsPath, upTo: probe.variant.convolutions[index].name)
        try self.init(weights: weights, upTo: deepest, pooling: pooling, policy: policy)
    }

    /// `relu1_1`, `relu1_2`, `relu2_1`, … for every convolution of the variant.
    public static func layerNames(of variant: VGGVariant) -> [String] {
        variant.convolutions.map { conv in
            // block3_conv2 → relu3_2
            let parts = conv.name.dropFirst("block".count).split(separator: "_")
            return "relu\(parts[0])_\(parts[1].dropFirst("conv".count))"
        }
    }

    /// Runs the network as far as the deepest of `taps` and returns their activations.
    public func forward(_ images: Tensor, taps: [String]) throws -> [String: Tensor] {
        let wanted = Set(taps)
        for tap in wanted where !layerNames.contains(tap) {
            throw LossNetworkError.unknownLayer(tap, variant: variant, valid: layerNames)
        }
        let lastStage = stages.lastIndex { $0.tap.map(wanted.contains) ?? false } ?? 0
        var x = images
        var activations: [String: Tensor] = [:]
        for stage in stages[...lastStage] {
            x = try stage.layer.forward(x)
            if let tap = stage.tap, wanted.contains(tap) { activations[tap] = x }
        }
        executedStages = lastStage + 1
        return activations
    }

    /// dL/d(images) from dL/dφ at tapped layers of the last forward call. At the layers of
    /// `redirecting` the ReLU passes gradients that would switch an inactive unit on (the
    /// "redirected" ReLU of feature visualization; not the true gradient there).
    public func backward(_ gradients: [String: Tensor], redirecting: Set<String> = []) throws -> Tensor {
        let redirected = stages.filter { $0.tap.map(redirecting.contains) ?? false }.compactMap { $0.layer as? Conv2D }
        for conv in redirected { conv.redirectsReLUGradient = true }
        defer { for conv in redirected { conv.redirectsReLUGradient = false } }
        var running: Tensor?
        for stage in stages[..<executedStages].reversed() {
            if let tap = stage.tap, let g = gradients[tap] {
                if let current = running {
                    let sum = tapGradientSums[tap]!.tensor(like: current)
                    sum.copy(from: current)
                    Elementwise.add(g.data, into: sum.data, count: sum.storageCount)
                    running = sum
                } else {
                    running = g
                }
            }
            if let dy = running {
                running = try stage.layer.backward(dy)
            }
        }
        guard let result = running else { throw LossNetworkError.noGradient }
        return result
    }
}

public enum LossNetworkError: Error, CustomStringConvertible {
    case unknownLayer(String, variant: VGGVariant, valid: [String])
    case badWeights(String)
    case badConfiguration(String)
    case noGradient

    public var description: String {
        switch self {
        case let .unknownLayer(name, variant, valid):
            return "unknown \(variant) layer '\(name)'; valid layers: \(valid.joined(separator: ", "))"
        case let .badWeights(reason): return "VGG weights: \(reason)"
        case let .badConfiguration(reason): return "perceptual loss: \(reason)"
        case .noGradient: return "loss network: backward called without gradients at any layer of the last forward pass"
        }
    }
}
