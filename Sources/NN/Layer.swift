import Foundation
import Tensors

/// One step of a network, with an explicit forward and backward pass (as Caffe and llm.c do).
///
/// `forward` keeps what `backward` needs. The tensor it returns belongs to the layer and is
/// overwritten by its next forward call, so buffers are allocated once per shape and reused.
/// `backward` takes dL/dy for the last forward, accumulates dL/dθ into the gradients of its
/// trainable parameters, and returns dL/dx — or nil when the layer was told its input needs
/// no gradient (the first layer of a network fed with data). `backward` may overwrite the
/// gradient it is given (a ReLU masks it in place); a caller that needs dL/dy afterwards, as a
/// residual connection does, keeps a copy.
public protocol Layer: AnyObject {
    /// The layer's parameters (empty for most layers).
    var parameters: [Parameter] { get }
    func forward(_ input: Tensor) throws -> Tensor
    func backward(_ outputGradient: Tensor) throws -> Tensor?
}

extension Layer {
    public var parameters: [Parameter] { [] }
}

/// A learnable tensor and its gradient. Plain layout (e.g. OIHW for convolution weights).
public final class Parameter {
    public let name: String
    /// Replaced, not mutated in shape, when a model packs its parameters into one arena.
    public internal(set) var value: Tensor
    public internal(set) var gradient: Tensor
    /// False for frozen parameters (the VGG loss network): their gradient is never computed.
    public var isTrainable: Bool

    public init(name: String, shape: [Int], isTrainable: Bool = true) {
        self.name = name
        self.value = Tensor(shape: shape)
        self.gradient = Tensor(shape: shape)
        self.isTrainable = isTrainable
    }
}

extension Parameter {
    /// Uniform in ±1/√fanIn: PyTorch's default initialization of convolution weights and biases.
    static func initializeConvolution(
        weight: Parameter, bias: Parameter?, fanIn: Int, using generator: inout SeededGenerator
    ) {
        let bound = 1 / Float(fanIn).squareRoot()
        weight.value.fillUniform(-bound, bound, using: &generator)
        bias?.value.fillUniform(-bound, bound, using: &generator)
    }
}

/// Errors for layers used with impossible shapes or settings.
public enum LayerError: LocalizedError, CustomStringConvertible, Equatable {
    case invalidConfiguration(layer: String, reason: String)
    case shapeMismatch(layer: String, expected: String, got: [Int])
    case noForwardPass(layer: String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(layer, reason): return "\(layer): \(reason)"
        case let .shapeMismatch(layer, expected, got):
            return "\(layer): expected input \(expected), got \(got.map(String.init).joined(separator: "×"))"
        case let .noForwardPass(layer): return "\(layer): backward called before forward"
        }
    }

    public var errorDescription: String? { description }
}

/// A tensor owned by a layer, reallocated only when the shape or layout changes. A buffer that
/// does not retain (gradients: each is needed only until the layer before has used it), or any
/// buffer inside `ForwardPass.inferenceOnly`, hands out a fresh tensor on every call that lives
/// only as long as its users; freed tensor memory is reused (see `TensorStorage`), so this
/// costs little time and keeps only the tensors in use in memory.
public final class Buffer {
    private var tensor: Tensor?
    private let retains: Bool

    public init(retains: Bool = true) { self.retains = retains }

    public func tensor(_ shape: [Int], channelBlock: Int = 1) -> Tensor {
        if ForwardPass.isInferenceOnly {
            // Every layer writes all of its output: clearing it first only costs time. Lanes
            // past the last channel are not written by every layer and must stay zero.
            tensor = nil
            let fresh = Tensor(uninitializedShape: shape, channelBlock: channelBlock)
            fresh.zeroBlockPadding()
            return fresh
        }
        if !retains {
            tensor = nil
            return Tensor(shape: shape, channelBlock: channelBlock)
        }
        if let tensor, tensor.shape == shape, tensor.channelBlock == channelBlock { return tensor }
        let fresh = Tensor(shape: shape, channelBlock: channelBlock)
        tensor = fresh
        return fresh
    }

    /// A buffer shaped like `t`, in `t`'s layout.
    public func tensor(like t: Tensor) -> Tensor { tensor(t.shape, channelBlock: t.channelBlock) }
}

func requireRank4(_ x: Tensor, _ layer: String) throws {
    guard x.rank == 4 else { throw LayerError.shapeMismatch(layer: layer, expected: "N×C×H×W", got: x.shape) }
}

func requireShape(_ x: Tensor, _ shape: [Int], _ layer: String) throws {
    guard x.shape == shape else {
        throw LayerError.shapeMismatch(
            layer: layer, expected: shape.map(String.init).joined(separator: "×"), got: x.shape)
    }
}
