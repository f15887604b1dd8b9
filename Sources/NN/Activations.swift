import Tensors

/// y = max(x, 0). Any shape and channel layout; the output keeps the input's.
public final class ReLU: Layer {
    public let name: String
    private var output: Tensor?
    private let outputBuffer = Buffer()
    private let inputGradient = Buffer(retains: false)

    public init(name: String = "relu") {
        self.name = name
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        let y = outputBuffer.tensor(like: x)
        Activation.relu(x, into: y)
        output = ForwardPass.keptForBackward(y)
        return y
    }

    /// dx = dy · [y > 0] (from the saved output).
    public func backward(_ dy: Tensor) throws -> Tensor? {
        let y = try keptOutput(output, matching: dy, name)
        let dx = inputGradient.tensor(like: y)
        Activation.reluBackward(output: y, outputGradient: dy, into: dx)
        return dx
    }
}

/// y = scale · tanh(x) + offset. The transformation network's output uses scale 127.5 and
/// offset 127.5, mapping onto the image range [0, 255]. Any shape and channel layout.
public final class Tanh: Layer {
    public let name: String
    public let scale: Float
    public let offset: Float
    private var output: Tensor?
    private let outputBuffer = Buffer()
    private let inputGradient = Buffer(retains: false)

    /// `scale` must be finite and non-zero (backward recovers tanh(x) as (y − offset) / scale).
    public init(name: String = "tanh", scale: Float = 1, offset: Float = 0) throws {
        guard scale.isFinite, scale != 0, offset.isFinite else {
            throw LayerError.invalidConfiguration(
                layer: name,
                reason: "scale must be finite and non-zero and offset finite, got scale \(scale), offset \(offset)")
        }
        self.name = name
        self.scale = scale
        self.offset = offset
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        let y = outputBuffer.tensor(like: x)
        Activation.tanh(x, scale: scale, offset: offset, into: y)
        output = ForwardPass.keptForBackward(y)
        return y
    }

    /// dx = dy · scale · (1 − tanh²(x)) (from the saved output).
    public func backward(_ dy: Tensor) throws -> Tensor? {
        let y = try keptOutput(output, matching: dy, name)
        let dx = inputGradient.tensor(like: y)
        Activation.tanhBackward(output: y, scale: scale, offset: offset, outputGradient: dy, into: dx)
        return dx
    }
}
