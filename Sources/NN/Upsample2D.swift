import Tensors

/// Nearest-neighbour upsampling ×2 (each pixel becomes a 2×2 block); followed by a convolution
/// it upsamples without the checkerboard artefacts of strided transposed convolutions.
/// Any channel layout; the output keeps the input's.
///
/// Shapes: input (N, C, H, W) → output (N, C, 2H, 2W). Backward sums the four gradients.
public final class Upsample2D: Layer {
    public let name: String
    private var input: Tensor?
    private var output: Tensor?
    private let outputBuffer = Buffer()
    private let inputGradient = Buffer(retains: false)

    public init(name: String = "upsample") {
        self.name = name
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requireRank4(x, name)
        let y = outputBuffer.tensor(NearestUpsampling.outputShape(x.shape), channelBlock: x.channelBlock)
        NearestUpsampling.forward(x, into: y)
        (input, output) = (ForwardPass.keptForBackward(x), ForwardPass.keptForBackward(y))
        return y
    }

    public func backward(_ dy: Tensor) throws -> Tensor? {
        let x = try keptInput(input, output: output, matching: dy, name)
        let dx = inputGradient.tensor(like: x)
        NearestUpsampling.backward(dy, into: dx)
        return dx
    }
}
