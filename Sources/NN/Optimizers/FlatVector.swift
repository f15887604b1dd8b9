/// Reductions and updates over the flat Float vectors the optimizers work on.
///
/// Reductions accumulate in Double (vectors have ~10⁶ entries) in eight SIMD lanes summed in a
/// fixed order, so results are reproducible bit for bit and the loops vectorize.
enum FlatVector {
    typealias Lanes = SIMD8<Float>

    /// Σ aᵢ·bᵢ.
    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count, "dot: \(a.count) vs \(b.count) entries")
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                reduce(count: a.count) { i in
                    SIMD8<Double>(load(a, i)) * SIMD8<Double>(load(b, i))
                }
            }
        }
    }

    /// Σ |aᵢ|; NaN or infinity if any entry is not finite.
    static func sumOfMagnitudes(_ a: [Float]) -> Double {
        a.withUnsafeBufferPointer { a in
            reduce(count: a.count) { i in
                let lanes = SIMD8<Double>(load(a, i))
                return lanes.replacing(with: -lanes, where: lanes .< 0)
            }
        }
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
                for i in stride(from: 0, to: y.count, by: Lanes.scalarCount) {
                    store(load(UnsafeBufferPointer(y), i) + alpha * load(x, i), y, i)
                }
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
                    for i in stride(from: 0, to: r.count, by: Lanes.scalarCount) {
                        store(load(x, i) + alpha * load(d, i), r, i)
                    }
                }
            }
        }
    }

    /// result ← α·x.
    static func scale(_ x: [Float], by alpha: Float, into result: inout [Float]) {
        precondition(x.count == result.count, "scale: mismatched counts")
        x.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { r in
                for i in stride(from: 0, to: r.count, by: Lanes.scalarCount) {
                    store(alpha * load(x, i), r, i)
                }
            }
        }
    }

    /// x ← α·x.
    static func multiply(_ x: inout [Float], by alpha: Float) {
        x.withUnsafeMutableBufferPointer { x in
            for i in stride(from: 0, to: x.count, by: Lanes.scalarCount) {
                store(alpha * load(UnsafeBufferPointer(x), i), x, i)
            }
        }
    }

    /// destination ← source, reusing the destination's storage.
    static func copy(_ source: [Float], into destination: inout [Float]) {
        precondition(source.count == destination.count, "copy: mismatched counts")
        source.withUnsafeBufferPointer { s in
            destination.withUnsafeMutableBufferPointer { d in
                _ = d.update(fromContentsOf: s)
            }
        }
    }

    /// result ← a − b.
    static func difference(_ a: [Float], _ b: [Float], into result: inout [Float]) {
        precondition(a.count == b.count && a.count == result.count, "difference: mismatched counts")
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { r in
                    for i in stride(from: 0, to: r.count, by: Lanes.scalarCount) {
                        store(load(a, i) - load(b, i), r, i)
                    }
                }
            }
        }
    }

    /// Σ over i = 0, 8, 16, … < count of the lanes of term(i), whose lanes past `count` must be 0.
    @inline(__always)
    private static func reduce(count: Int, _ term: (Int) -> SIMD8<Double>) -> Double {
        var sum = SIMD8<Double>()
        for i in stride(from: 0, to: count, by: Lanes.scalarCount) { sum += term(i) }
        return sum.sum()
    }

    /// Entries i..<i+8 of `a`, zero past its end.
    @inline(__always)
    static func load(_ a: UnsafeBufferPointer<Float>, _ i: Int) -> Lanes {
        if i + Lanes.scalarCount <= a.count {
            return UnsafeRawPointer(a.baseAddress! + i).loadUnaligned(as: Lanes.self)
        }
        var lanes = Lanes()
        for k in 0..<(a.count - i) { lanes[k] = a[i + k] }
        return lanes
    }

    /// Writes the lanes of `lanes` that fall inside `a` to entries i..<i+8.
    @inline(__always)
    static func store(_ lanes: Lanes, _ a: UnsafeMutableBufferPointer<Float>, _ i: Int) {
        if i + Lanes.scalarCount <= a.count {
            UnsafeMutableRawPointer(a.baseAddress! + i).storeBytes(of: lanes, as: Lanes.self)
            return
        }
        for k in 0..<(a.count - i) { a[i + k] = lanes[k] }
    }
}
