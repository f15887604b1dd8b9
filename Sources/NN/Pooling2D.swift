import Tensors

/// 2×2 max pooling, stride 2, floor mode (an odd last row or column is dropped, as PyTorch's
/// default and Keras's "valid"). Any channel layout; the output keeps the input's.
///
/// Shapes: input (N, C, H, W), H, W ≥ 2 → output (N, C, H/2, W/2).
/// Backward sends each output gradient to the first maximum of its window (row-major order),
/// found again from the saved input (see `Pooling.maxBackward`).
public final class MaxPool2D: Layer {
    private let pool: Pool
    public var name: String { pool.name }

    public init(name: String = "maxpool") {
        pool = Pool(name: name, kind: .max)
    }

    public func forward(_ x: Tensor) throws -> Tensor { try pool.forward(x) }
    public func backward(_ dy: Tensor) throws -> Tensor? { try pool.backward(dy) }
}

/// 2×2 average pooling, stride 2, floor mode (an odd last row or column is dropped).
/// Any channel layout; the output keeps the input's.
///
/// Shapes: input (N, C, H, W), H, W ≥ 2 → output (N, C, H/2, W/2).
public final class AvgPool2D: Layer {
    private let pool: Pool
    public var name: String { pool.name }

    public init(name: String = "avgpool") {
        pool = Pool(name: name, kind: .average)
    }

    public func forward(_ x: Tensor) throws -> Tensor { try pool.forward(x) }
    public func backward(_ dy: Tensor) throws -> Tensor? { try pool.backward(dy) }
}

/// What both pooling layers keep between forward and backward.
private final class Pool {
    enum Kind { case max, average }

    let name: String
    let kind: Kind
    private var input: Tensor?
    private var output: Tensor?
    private let outputBuffer = Buffer()
    private let inputGradient = Buffer(retains: false)

    init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    func forward(_ x: Tensor) throws -> Tensor {
        try requirePoolable(x, name)
        let y = outputBuffer.tensor(Pooling.outputShape(x.shape), channelBlock: x.channelBlock)
        switch kind {
        case .max: Pooling.maxForward(x, into: y)
        case .average: Pooling.averageForward(x, into: y)
        }
        (input, output) = (ForwardPass.keptForBackward(x), ForwardPass.keptForBackward(y))
        return y
    }

    func backward(_ dy: Tensor) throws -> Tensor? {
        let x = try keptInput(input, output: output, matching: dy, name)
        let dx = inputGradient.tensor(like: x)
        switch kind {
        case .max: Pooling.maxBackward(input: x, outputGradient: dy, into: dx)
        case .average: Pooling.averageBackward(outputGradient: dy, into: dx)
        }
        return dx
    }
}

private func requirePoolable(_ x: Tensor, _ layer: String) throws {
    try requireRank4(x, layer)
    guard x.height >= 2, x.width >= 2 else {
        throw LayerError.invalidConfiguration(
            layer: layer,
            reason: "2×2 pooling needs an input of at least 2×2 pixels, got \(x.height)×\(x.width)")
    }
}
