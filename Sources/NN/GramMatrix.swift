import Tensors

/// Gram matrices of feature maps: G = ψψᵀ / (C·H·W), ψ the C × HW reshaping of one sample's
/// features. Input (N, C, H, W) in any layout → output (N, C, C), plain.
/// Backward: dψ = (dG + dGᵀ) ψ / (C·H·W).
///
/// The products run on plain copies of the features made in scratch space (and made again in
/// backward), so a loss over several layers holds no second copy of its feature maps.
public final class GramMatrix: Layer {
    public let name: String
    private var input: Tensor?
    private let output = Buffer()
    private let symmetricGradient = Buffer(retains: false)
    private let inputGradient = Buffer(retains: false)

    public init(name: String = "gram") {
        self.name = name
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try requireRank4(x, name)
        let (n, c, hw) = (x.batch, x.channels, x.height * x.width)
        let features = plain(x)
        let g = output.tensor([n, c, c])
        MatrixMultiply.multiply(
            batch: n, m: c, k: hw, n: c, features.data, features.data, transposeB: true, into: g.data)
        scale(g, by: 1 / Float(c * hw))
        mirrorUpperTriangle(g)
        input = ForwardPass.keptForBackward(x)
        return g
    }

    public func backward(_ dG: Tensor) throws -> Tensor? {
        guard let x = input else { throw LayerError.noForwardPass(layer: name) }
        let dx = inputGradient.tensor(like: x)
        dx.zero()
        try backward(dG, addingInto: dx)
        return dx
    }

    /// dx += dL/dx, for a caller that sums gradients from several terms (no buffer of its own).
    public func backward(_ dG: Tensor, addingInto dx: Tensor) throws {
        guard let x = input else { throw LayerError.noForwardPass(layer: name) }
        let (n, c, hw) = (x.batch, x.channels, x.height * x.width)
        try requireShape(dG, [n, c, c], name)
        try requireShape(dx, x.shape, name)
        // S = (dG + dGᵀ) / (C·H·W), then dψ = S ψ.
        let s = symmetricGradient.tensor([n, c, c])
        let norm = 1 / Float(c * hw)
        for b in 0..<n {
            let g = dG.data + b * c * c, out = s.data + b * c * c
            for i in 0..<c { for j in 0..<c { out[i * c + j] = (g[i * c + j] + g[j * c + i]) * norm } }
        }
        let features = plain(x)
        let dPlain = ScratchSpace.second.tensor(x.shape)
        MatrixMultiply.multiply(batch: n, m: c, k: c, n: hw, s.data, features.data, into: dPlain.data)
        var gradient = dPlain
        if dx.channelBlock != 1 {
            gradient = ScratchSpace.first.tensor(x.shape, channelBlock: dx.channelBlock)
            Reorder.copy(dPlain, into: gradient)
        }
        Elementwise.add(gradient.data, into: dx.data, count: dx.storageCount)
    }

    /// The features in plain NCHW (a reorder into scratch space when they are channel-blocked).
    private func plain(_ x: Tensor) -> Tensor {
        if x.channelBlock == 1 { return x }
        let p = ScratchSpace.first.tensor(x.shape)
        Reorder.copy(x, into: p)
        return p
    }

    private func scale(_ t: Tensor, by factor: Float) {
        for i in 0..<t.storageCount { t.data[i] *= factor }
    }

    /// G[j][i] = G[i][j] below the diagonal. oneDNN's AVX2 matrix product does not always sum
    /// (i, j) and (j, i) in the same order (a Zen 3: 172.15955 against 172.15953), and a
    /// checkpoint keeps the upper triangle only, so a resumed run would start from other targets.
    private func mirrorUpperTriangle(_ g: Tensor) {
        let (n, c) = (g.shape[0], g.shape[1])
        for b in 0..<n {
            let m = g.data + b * c * c
            for i in 0..<c {
                for j in (i + 1)..<c { m[j * c + i] = m[i * c + j] }
            }
        }
    }
}
