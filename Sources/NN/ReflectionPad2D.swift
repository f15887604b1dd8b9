import Tensors

/// Reflection padding (as torch.nn.ReflectionPad2d): the border mirrors the image without
/// repeating the edge pixel. Any channel layout; the output keeps the input's.
///
/// Shapes: input (N, C, H, W) with pad < H and pad < W → output (N, C, H + 2·pad, W + 2·pad).
public final class ReflectionPad2D: Layer {
    public let name: String
    public let pad: Int
    private var input: Tensor?
    private var output: Tensor?
    private let outputBuffer = Buffer()
    private let inputGradient = Buffer(retains: false)

    public init(name: String = "reflectionpad", pad: Int) throws {
        guard pad >= 0 else {
            throw LayerError.invalidConfiguration(layer: name, reason: "padding must not be negative, got \(pad)")
        }
        self.name = name
        self.pad = pad
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requireRank4(x, name)
        guard pad < x.height, pad < x.width else {
            throw LayerError.invalidConfiguration(
                layer: name,
                reason:
                    "reflection padding of \(pad) needs an input larger than \(pad)×\(pad) pixels, got "
                    + "\(x.height)×\(x.width)"
            )
        }
        let y = outputBuffer.tensor(
            [x.batch, x.channels, x.height + 2 * pad, x.width + 2 * pad], channelBlock: x.channelBlock)
        ReflectionPadding.forward(x, pad: pad, into: y)
        (input, output) = (ForwardPass.keptForBackward(x), ForwardPass.keptForBackward(y))
        return y
    }

    public func backward(_ dy: Tensor) throws -> Tensor? {
        let x = try keptInput(input, output: output, matching: dy, name)
        let dx = inputGradient.tensor(like: x)
        ReflectionPadding.backward(dy, pad: pad, into: dx)
        return dx
    }
}
