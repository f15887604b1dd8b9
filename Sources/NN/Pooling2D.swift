import Tensors

/// 2×2 max pooling, stride 2, floor mode (an odd last row or column is dropped, as PyTorch's
/// default and Keras's "valid"). Any channel layout; the output keeps the input's.
///
/// Shapes: input (N, C, H, W), H, W ≥ 2 → output (N, C, H/2, W/2).
/// Backward sends each output gradient to the first maximum of its window (row-major order),
/// found again from the saved input (see `Pooling.maxBackward`).
public final class MaxPool2D: Layer {
    public let name: String
    private var input: Tensor?
    private var output: Tensor?
    private let outputBuffer = Buffer()
    private let inputGradient = Buffer()

    public init(name: String = "maxpool") {
        self.name = name
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requirePoolable(x, name)
        let y = outputBuffer.tensor(Pooling.outputShape(x.shape), channelBlock: x.channelBlock)
        Pooling.maxForward(x, into: y)
        (input, output) = (x, y)
        return y
    }

    public func backward(_ dy: Tensor) throws -> Tensor? {
        guard let x = input, let y = output else { throw LayerError.noForwardPass(layer: name) }
        try requireGradient(dy, like: y, name)
        let dx = inputGradient.tensor(like: x)
        Pooling.maxBackward(input: x, outputGradient: dy, into: dx)
        return dx
    }
}

/// 2×2 average pooling, stride 2, floor mode (an odd last row or column is dropped).
/// Any channel layout; the output keeps the input's.
///
/// Shapes: input (N, C, H, W), H, W ≥ 2 → output (N, C, H/2, W/2).
public final class AvgPool2D: Layer {
    public let name: String
    private var input: Tensor?
    private var output: Tensor?
    private let outputBuffer = Buffer()
    private let inputGradient = Buffer()

    public init(name: String = "avgpool") {
        self.name = name
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requirePoolable(x, name)
        let y = outputBuffer.tensor(Pooling.outputShape(x.shape), channelBlock: x.channelBlock)
        Pooling.averageForward(x, into: y)
        (input, output) = (x, y)
        return y
    }

    public func backward(_ dy: Tensor) throws -> Tensor? {
        guard let x = input, let y = output else { throw LayerError.noForwardPass(layer: name) }
        try requireGradient(dy, like: y, name)
        let dx = inputGradient.tensor(like: x)
        Pooling.averageBackward(outputGradient: dy, into: dx)
        return dx
    }
}

private func requirePoolable(_ x: Tensor, _ layer: String) throws {
    try requireRank4(x, layer)
    guard x.height >= 2, x.width >= 2 else {
        throw LayerError.invalidConfiguration(layer: layer,
            reason: "2×2 pooling needs an input of at least 2×2 pixels, got \(x.height)×\(x.width)")
    }
}
