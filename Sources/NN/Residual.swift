import Tensors

/// A residual connection: y = x + body(x) (Johnson's residual blocks, with `body` two 3×3
/// convolutions). The body must keep the shape of its input. The output is in the input's
/// channel layout; a body answering in another layout is converted.
public final class Residual: Layer {
    public let name: String
    public let body: Layer

    public var parameters: [Parameter] { body.parameters }

    private var input: Tensor?
    private var bodyOutput: Tensor?
    private let output = Buffer()
    private let inputGradient = Buffer(retains: false)
    // Used only when the body answers in another channel layout than its input's.
    private let bodyOutputInInputLayout = Buffer()
    private let outputGradientInBodyLayout = Buffer(retains: false)
    private let bodyGradientInInputLayout = Buffer(retains: false)

    public init(name: String = "residual", body: Layer) {
        self.name = name
        self.body = body
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        var f = try body.forward(x)
        guard f.shape == x.shape else {
            throw LayerError.invalidConfiguration(
                layer: name,
                reason: "the body maps \(x.shape) to \(f.shape); a residual block needs the same shape")
        }
        bodyOutput = ForwardPass.keptForBackward(f)
        if f.channelBlock != x.channelBlock {
            let converted = bodyOutputInInputLayout.tensor(like: x)
            Reorder.copy(f, into: converted)
            f = converted
        }
        let y = output.tensor(like: x)
        Elementwise.add(x, f, into: y)
        input = ForwardPass.keptForBackward(x)
        return y
    }

    /// dx = dy + body.backward(dy); nil when the body returns nil (its input, which is this
    /// block's input, needs no gradient).
    public func backward(_ dy: Tensor) throws -> Tensor? {
        guard let x = input, let f = bodyOutput else { throw LayerError.noForwardPass(layer: name) }
        try requireGradient(dy, like: x, name)
        // The body may overwrite the gradient it is given (see `Layer.backward`), and dy is
        // needed again for the skip connection: give the body a copy.
        let bodyGradient = outputGradientInBodyLayout.tensor(like: f)
        Reorder.copy(dy, into: bodyGradient)
        guard var dBody = try body.backward(bodyGradient) else { return nil }
        if dBody.channelBlock != x.channelBlock {
            let converted = bodyGradientInInputLayout.tensor(like: x)
            Reorder.copy(dBody, into: converted)
            dBody = converted
        }
        let dx = inputGradient.tensor(like: x)
        Elementwise.add(dy, dBody, into: dx)
        return dx
    }
}
