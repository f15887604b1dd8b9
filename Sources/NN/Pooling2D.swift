import Tensors

/// 2×2 max pooling, stride 2 (VGG's downsampling). (N, C, H, W) → (N, C, ⌊H/2⌋, ⌊W/2⌋).
public final class MaxPool2D: Layer {
    private let pooling = Pool(kind: .max, name: "max pooling")
    public init() {}
    public func forward(_ x: Tensor) throws -> Tensor { try pooling.forward(x) }
    public func backward(_ dy: Tensor) throws -> Tensor? { try pooling.backward(dy) }
}

/// 2×2 average pooling, stride 2 (Gatys et al.'s smoother alternative for the loss network).
public final class AvgPool2D: Layer {
    private let pooling = Pool(kind: .average, name: "average pooling")
    public init() {}
    public func forward(_ x: Tensor) throws -> Tensor { try pooling.forward(x) }
    public func backward(_ dy: Tensor) throws -> Tensor? { try pooling.backward(dy) }
}

/// The state both pooling layers share.
private final class Pool {
    let kind: Pooling.Kind
    let name: String
    private var input: Tensor?
    private let output = Buffer()
    private let inputGradient = Buffer()

    init(kind: Pooling.Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    func forward(_ x: Tensor) throws -> Tensor {
        try requireRank4(x, name)
        guard x.height >= 2, x.width >= 2 else {
            throw LayerError.invalidConfiguration(layer: name, reason: "needs at least 2×2 pixels, got \(x.height)×\(x.width)")
        }
        let y = output.tensor([x.batch, x.channels, x.height / 2, x.width / 2], channelBlock: x.channelBlock)
        Pooling.forward(kind, x, into: y)
        input = x
        return y
    }

    func backward(_ dy: Tensor) throws -> Tensor? {
        guard let x = input else { throw LayerError.noForwardPass(layer: name) }
        try requireShape(dy, [x.batch, x.channels, x.height / 2, x.width / 2], name)
        let dx = inputGradient.tensor(like: x)
        Pooling.backward(kind, input: x, outputGradient: dy, into: dx)
        return dx
    }
}
