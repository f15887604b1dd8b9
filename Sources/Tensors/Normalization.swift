import CKernels

/// Instance and batch normalization kernels, for any channel layout.
///
/// A "group" is the set of values normalized together: one (sample, channel) plane for
/// instance normalization, one channel across the batch for batch normalization. Groups are
/// indexed by padded channel (`channelBlocks · B` per sample), so padded channels get
/// statistics too (of zeros) and, with scale and shift 0, stay zero.
public enum Normalization {
    public enum Grouping: Sendable {
        case perSample   // instance normalization: N · C groups of H · W values
        case perChannel   // batch normalization: C groups of N · H · W values
    }

    /// Per-group mean and 1/√(variance + ε) (biased variance, as both papers use for
    /// normalizing). Returns arrays of `groupCount(x, grouping)` entries.
    public static func statistics(_ x: Tensor, grouping: Grouping, epsilon: Float) -> (
        mean: [Float], inverseStd: [Float], variance: [Float]
    ) {
        let b = x.channelBlock, blocks = x.channelBlocks, pixels = x.height * x.width
        let planes = x.batch * blocks
        // Per (sample, block): sums of (v − shift) and (v − shift)² for each lane, in Double.
        // Shifting by the plane's first value keeps E[v²] − E[v]² from cancelling badly.
        var sums = [Double](repeating: 0, count: planes * b)
        var squares = [Double](repeating: 0, count: planes * b)
        var shifts = [Float](repeating: 0, count: planes * b)
        let data = x.data
        sums.withUnsafeMutableBufferPointer { sums in
            squares.withUnsafeMutableBufferPointer { squares in
                shifts.withUnsafeMutableBufferPointer { shifts in
                    Parallel.forEach(planes, costPerItem: pixels * b) { plane in
                        let p = data + plane * pixels * b
                        let base = plane * b
                        for j in 0..<b { shifts[base + j] = p[j] }
                        accumulate(
                            p, pixels: pixels, block: b, shift: shifts.baseAddress! + base,
                            sums: sums.baseAddress! + base, squares: squares.baseAddress! + base)
                    }
                }
            }
        }
        let padded = blocks * b
        let groups = grouping == .perSample ? x.batch * padded : padded
        let samplesPerGroup = grouping == .perSample ? 1 : x.batch
        let count = Double(pixels * samplesPerGroup)
        var mean = [Float](repeating: 0, count: groups)
        var inverseStd = [Float](repeating: 0, count: groups)
        var variance = [Float](repeating: 0, count: groups)
        for g in 0..<groups {
            // Combine the per-plane shifted sums of this group (exactly, via each shift).
            var total = 0.0, totalSquares = 0.0
            for s in 0..<samplesPerGroup {
                let n = grouping == .perSample ? g / padded : s
                let c = g % padded
                let i = (n * blocks + c / b) * b + c % b
                let shift = Double(shifts[i]), sum = sums[i], sq = squares[i]
                total += sum + shift * Double(pixels)
                // Σ v² = Σ (v−k)² + 2k Σ (v−k) + n k²
                totalSquares += sq + 2 * shift * sum + Double(pixels) * shift * shift
            }
            let m = total / count
            var v = 0.0
            if samplesPerGroup == 1 {
                // Single plane: use the shifted sums directly (better conditioned).
                let n = g / padded, c = g % padded
                let i = (n * blocks + c / b) * b + c % b
                let ms = sums[i] / count
                v = max(squares[i] / count - ms * ms, 0)
            } else {
                v = max(totalSquares / count - m * m, 0)
            }
            mean[g] = Float(m)
            variance[g] = Float(v)
            inverseStd[g] = Float(1 / (v + Double(epsilon)).squareRoot())
        }
        return (mean, inverseStd, variance)
    }

    @inline(__always)
    private static func accumulate(
        _ p: UnsafeMutablePointer<Float>, pixels: Int, block b: Int, shift: UnsafeMutablePointer<Float>,
        sums: UnsafeMutablePointer<Double>, squares: UnsafeMutablePointer<Double>
    ) {
        if b == 16 {
            accumulateSIMD(p, pixels: pixels, shift: shift, sums: sums, squares: squares, SIMD16<Float>.self)
        } else if b == 8 {
            accumulateSIMD(p, pixels: pixels, shift: shift, sums: sums, squares: squares, SIMD8<Float>.self)
        } else {
            for j in 0..<b {
                var s: Double = 0, q: Double = 0
                var i = 0
                while i < pixels {
                    // Float partial sums over runs of 1024, Double across runs.
                    let end = min(i + 1024, pixels)
                    var fs: Float = 0, fq: Float = 0
                    for k in i..<end { let d = p[k * b + j] - shift[j]; fs += d; fq += d * d }
                    s += Double(fs); q += Double(fq)
                    i = end
                }
                sums[j] = s
                squares[j] = q
            }
        }
    }

    @inline(__always)
    private static func accumulateSIMD<V: SIMD>(
        _ p: UnsafeMutablePointer<Float>, pixels: Int, shift: UnsafeMutablePointer<Float>,
        sums: UnsafeMutablePointer<Double>, squares: UnsafeMutablePointer<Double>,
        _: V.Type
    ) where V.Scalar == Float {
        let lanes = V.scalarCount
        let k = UnsafeRawPointer(shift).loadUnaligned(as: V.self)
        var s = [Double](repeating: 0, count: lanes), q = [Double](repeating: 0, count: lanes)
        var i = 0
        while i < pixels {
            let end = min(i + 512, pixels)
            var fs = V(), fq = V()
            for px in i..<end {
                let v = UnsafeRawPointer(p + px * lanes).loadUnaligned(as: V.self) - k
                fs += v
                fq += v * v
            }
            for j in 0..<lanes { s[j] += Double(fs[j]); q[j] += Double(fq[j]) }
            i = end
        }
        for j in 0..<lanes { sums[j] = s[j]; squares[j] = q[j] }
    }

    /// y = relu?(x · scale + shift) with per-group scale and shift (arrays indexed by group).
    public static func apply(
        _ x: Tensor, grouping: Grouping, scale: [Float], shift: [Float], relu: Bool, into y: Tensor
    ) {
        precondition(x.shape == y.shape && x.channelBlock == y.channelBlock)
        let b = x.channelBlock, blocks = x.channelBlocks, pixels = x.height * x.width, padded = blocks * b
        let (src, dst) = (x.data, y.data)
        scale.withUnsafeBufferPointer { scale in
            shift.withUnsafeBufferPointer { shift in
                Parallel.forEach(x.batch * blocks, costPerItem: pixels * b) { plane in
                    let n = plane / blocks, cb = plane % blocks
                    let g0 = (grouping == .perSample ? n * padded : 0) + cb * b
                    let s = src + plane * pixels * b, d = dst + plane * pixels * b
                    let a = scale.baseAddress! + g0, c = shift.baseAddress! + g0
                    if b == 16 {
                        applyLanes(s, d, pixels: pixels, a, c, relu: relu, lanes: 16)
                    } else if b == 8 {
                        applyLanes(s, d, pixels: pixels, a, c, relu: relu, lanes: 8)
                    } else {
                        for i in 0..<pixels * b {
                            let v = s[i] * a[i % b] + c[i % b]
                            d[i] = relu ? max(v, 0) : v
                        }
                    }
                }
            }
        }
    }

    /// One plane of y = relu?(x·a + c), `lanes` channels per pixel. Plain scalar code over a
    /// constant lane count, which LLVM turns into vector code (Swift's SIMD16 `pointwiseMax` and
    /// masked `replacing` were compiled lane by lane through the stack: 18% of a stylize pass).
    @inline(__always)
    private static func applyLanes(
        _ s: UnsafeMutablePointer<Float>, _ d: UnsafeMutablePointer<Float>, pixels: Int,
        _ a: UnsafePointer<Float>, _ c: UnsafePointer<Float>, relu: Bool, lanes: Int
    ) {
        if relu {
            for px in 0..<pixels {
                let x = s + px * lanes, y = d + px * lanes
                for j in 0..<lanes { let v = x[j] * a[j] + c[j]; y[j] = v > 0 ? v : 0 }
            }
        } else {
            for px in 0..<pixels {
                let x = s + px * lanes, y = d + px * lanes
                for j in 0..<lanes { y[j] = x[j] * a[j] + c[j] }
            }
        }
    }

    /// Backward of y = relu?(γ·x̂ + β), x̂ = (x − μ)·σ⁻¹, with statistics of the batch itself:
    /// dβ = Σ g, dγ = Σ g·x̂, dx = γσ⁻¹ (g − dβ/M − x̂·dγ/M), g = dy·[y > 0 if relu].
    /// With `statisticsAreConstant` (batch normalization at inference) dx = γσ⁻¹·g.
    /// Returns per-group (dγ, dβ); writes dx when `inputGradient` is given.
    @discardableResult
    public static func backward(
        input x: Tensor, output y: Tensor, outputGradient dy: Tensor, grouping: Grouping,
        mean: [Float], inverseStd: [Float], gamma: [Float], relu: Bool,
        statisticsAreConstant: Bool = false,
        inputGradient dx: Tensor?
    ) -> (dGamma: [Float], dBeta: [Float]) {
        let b = x.channelBlock, blocks = x.channelBlocks, pixels = x.height * x.width, padded = blocks * b
        let planes = x.batch * blocks
        func group(_ n: Int, _ c: Int) -> Int { grouping == .perSample ? n * padded + c : c }
        // Per plane and lane: Σ g and Σ g·x̂ (g the gradient after the ReLU's mask, x̂ the
        // normalized input), in Double across runs of pixels.
        var planeSumG = [Double](repeating: 0, count: planes * b)
        var planeSumGX = [Double](repeating: 0, count: planes * b)
        planeSumG.withUnsafeMutableBufferPointer { sg in
            planeSumGX.withUnsafeMutableBufferPointer { sgx in
                Parallel.forEach(planes, costPerItem: pixels * b) { plane in
                    let n = plane / blocks, cb = plane % blocks
                    let lanes = (0..<b).map { group(n, cb * b + $0) }
                    let plane = BackwardPlane(
                        x: x.data, y: y.data, dy: dy.data, offset: plane * pixels * b, pixels: pixels,
                        mean: lanes.map { mean[$0] }, inverseStd: lanes.map { inverseStd[$0] }, relu: relu)
                    let base = (n * blocks + cb) * b
                    plane.sums(intoG: sg.baseAddress! + base, gx: sgx.baseAddress! + base)
                }
            }
        }
        let groups = grouping == .perSample ? x.batch * padded : padded
        var dGamma = [Float](repeating: 0, count: groups), dBeta = [Float](repeating: 0, count: groups)
        for plane in 0..<planes {
            let n = plane / blocks, cb = plane % blocks
            for j in 0..<b {
                let g = group(n, cb * b + j)
                dBeta[g] += Float(planeSumG[plane * b + j])
                dGamma[g] += Float(planeSumGX[plane * b + j])
            }
        }
        guard let dx else { return (dGamma, dBeta) }
        let count = Float(pixels * (grouping == .perSample ? 1 : x.batch))
        Parallel.forEach(planes, costPerItem: pixels * b) { plane in
            let n = plane / blocks, cb = plane % blocks
            let lanes = (0..<b).map { group(n, cb * b + $0) }
            let p = BackwardPlane(
                x: x.data, y: y.data, dy: dy.data, offset: plane * pixels * b, pixels: pixels,
                mean: lanes.map { mean[$0] }, inverseStd: lanes.map { inverseStd[$0] }, relu: relu)
            // dx = γ/σ · (g − mean(g) − x̂ · mean(g·x̂)), the means over the group (0 when the
            // statistics are constants, as in batch normalization's inference).
            p.inputGradient(
                into: dx.data,
                scale: lanes.map { gamma[$0] * inverseStd[$0] },
                meanG: lanes.map { statisticsAreConstant ? 0 : dBeta[$0] / count },
                meanGX: lanes.map { statisticsAreConstant ? 0 : dGamma[$0] / count })
        }
        return (dGamma, dBeta)
    }

    /// One (sample, channel block) plane of the backward pass: its `pixels` vectors of B lanes,
    /// each lane with its own statistics, computed in C (CKernels) vectorized over the lanes:
    /// walking each lane alone with a stride of B read every cache line B times, and Swift's
    /// SIMD masks (for the fused ReLU) are not vectorized on the baseline target.
    private struct BackwardPlane {
        let x, y, dy: UnsafeMutablePointer<Float>
        let offset, pixels: Int
        let mean, inverseStd: [Float]
        let relu: Bool

        func sums(intoG sg: UnsafeMutablePointer<Double>, gx sgx: UnsafeMutablePointer<Double>) {
            faststyle_normalization_backward_sums(
                x + offset, y + offset, dy + offset, pixels, Int32(mean.count), relu,
                mean, inverseStd, sg, sgx)
        }

        func inputGradient(into dx: UnsafeMutablePointer<Float>, scale: [Float], meanG: [Float], meanGX: [Float]) {
            faststyle_normalization_input_gradient(
                x + offset, y + offset, dy + offset, pixels, Int32(mean.count), relu,
                mean, inverseStd, scale, meanG, meanGX, dx + offset)
        }
    }
}
