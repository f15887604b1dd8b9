import Tensors

/// Gram matrices of feature maps: G = ψψᵀ / (C·H·W), ψ the C × HW reshaping of one sample's
/// features. Input (N, C, H, W) in any layout → output (N, C, C), plain.
/// Backward: dψ = (dG + dGᵀ) ψ / (C·H·W).
public final class GramMatrix: Layer {
    public let name: String
    private var input: Tensor?
    private let plainInput = Buffer()
    private let output = Buffer()
    private let symmetricGradient = Buffer()
    private let plainGradient = Buffer()
    private let inputGradient = Buffer()

    public init(name: String = "gram") {
        self.name = name
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requireRank4(x, name)
        let (n, c, hw) = (x.batch, x.channels, x.height * x.width)
        let features = plain(x)
        let g = output.tensor([n, c, c])
        MatrixMultiply.multiply(batch: n, m: c, k: hw, n: c, features.data, features.data, transposeB: true, into: g.data)
        scale(g, by: 1 / Float(c * hw))
        input = x
        return g
    }

    public func backward(_ dG: Tensor) throws -> Tensor? {
        guard let x = input else { throw LayerError.noForwardPass(layer: name) }
        let (n, c, hw) = (x.batch, x.channels, x.height * x.width)
        try requireShape(dG, [n, c, c], name)
        // S = (dG + dGᵀ) / (C·H·W), then dψ = S ψ.
        let s = symmetricGradient.tensor([n, c, c])
        let norm = 1 / Float(c * hw)
        for b in 0..<n {
            let g = dG.data + b * c * c, out = s.data + b * c * c
            for i in 0..<c { for j in 0..<c { out[i * c + j] = (g[i * c + j] + g[j * c + i]) * norm } }
        }
        let features = plain(x)
        let dPlain = plainGradient.tensor(x.shape)
        MatrixMultiply.multiply(batch: n, m: c, k: c, n: hw, s.data, features.data, into: dPlain.data)
        if x.channelBlock == 1 { return dPlain }
        let dx = inputGradient.tensor(like: x)
        Reorder.copy(dPlain, into: dx)
        return dx
    }

    /// The features in plain NCHW (a reorder when they are channel-blocked).
    private func plain(_ x: Tensor) -> Tensor {
        if x.channelBlock == 1 { return x }
        let p = plainInput.tensor(x.shape)
        Reorder.copy(x, into: p)
        return p
    }

    private func scale(_ t: Tensor, by factor: Float) {
        for i in 0..<t.storageCount { t.data[i] *= factor }
    }
}
