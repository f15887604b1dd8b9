/// Reductions and updates over the flat Float vectors the optimizers work on.
///
/// Reductions accumulate in Double (vectors have ~10⁶ entries) with a fixed order of
/// four partial sums, so results are reproducible bit for bit and the loop can be unrolled.
enum FlatVector {
    /// Σ aᵢ·bᵢ.
    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count, "dot: \(a.count) vs \(b.count) entries")
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                reduce(count: a.count) { Double(a[$0]) * Double(b[$0]) }
            }
        }
    }

    /// Σ |aᵢ|; NaN or infinity if any entry is not finite.
    static func sumOfMagnitudes(_ a: [Float]) -> Double {
        a.withUnsafeBufferPointer { a in reduce(count: a.count) { Double(abs(a[$0])) } }
    }

    /// max |aᵢ| (0 for an empty vector).
    static func maxMagnitude(_ a: [Float]) -> Double {
        a.withUnsafeBufferPointer { a in
            var result: Float = 0
            for value in a { result = max(result, abs(value)) }
            return Double(result)
        }
    }

    /// y ← y + α·x.
    static func add(_ alpha: Float, times x: [Float], to y: inout [Float]) {
        precondition(x.count == y.count, "add: \(x.count) vs \(y.count) entries")
        x.withUnsafeBufferPointer { x in
            y.withUnsafeMutableBufferPointer { y in
                for i in 0..<y.count { y[i] += alpha * x[i] }
            }
        }
    }

    /// result ← x + α·d. The one formula for points along a search direction, so that a
    /// point recomputed later is bit-identical to the one that was evaluated.
    static func point(_ x: [Float], plus alpha: Float, times d: [Float], into result: inout [Float]) {
        precondition(x.count == d.count && x.count == result.count, "point: mismatched counts")
        x.withUnsafeBufferPointer { x in
            d.withUnsafeBufferPointer { d in
                result.withUnsafeMutableBufferPointer { r in
                    for i in 0..<r.count { r[i] = x[i] + alpha * d[i] }
                }
            }
        }
    }

    /// result ← α·x.
    static func scale(_ x: [Float], by alpha: Float, into result: inout [Float]) {
        precondition(x.count == result.count, "scale: mismatched counts")
        x.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { r in
                for i in 0..<r.count { r[i] = alpha * x[i] }
            }
        }
    }

    /// x ← α·x.
    static func multiply(_ x: inout [Float], by alpha: Float) {
        x.withUnsafeMutableBufferPointer { x in
            for i in 0..<x.count { x[i] *= alpha }
        }
    }

    /// destination ← source, reusing the destination's storage.
    static func copy(_ source: [Float], into destination: inout [Float]) {
        precondition(source.count == destination.count, "copy: mismatched counts")
        source.withUnsafeBufferPointer { s in
            destination.withUnsafeMutableBufferPointer { d in
                for i in 0..<d.count { d[i] = s[i] }
            }
        }
    }

    /// result ← a − b.
    static func difference(_ a: [Float], _ b: [Float], into result: inout [Float]) {
        precondition(a.count == b.count && a.count == result.count, "difference: mismatched counts")
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { r in
                    for i in 0..<r.count { r[i] = a[i] - b[i] }
                }
            }
        }
    }

    /// Σ term(i) for i in 0..<count, in four interleaved partial sums.
    @inline(__always)
    private static func reduce(count: Int, _ term: (Int) -> Double) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += term(i)
            s1 += term(i + 1)
            s2 += term(i + 2)
            s3 += term(i + 3)
            i += 4
        }
        while i < count {
            s0 += term(i)
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }
}
