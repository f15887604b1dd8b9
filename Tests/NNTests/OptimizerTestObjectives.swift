import Foundation

/// Objectives shared by the optimizer tests. Computed in Double and stored as Float, so the
/// tests measure the optimizers rather than float32 rounding of the objective.
enum TestObjective {
    /// Chained Rosenbrock f(x) = Σᵢ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)², i < n − 1; minimum 0 at
    /// (1, …, 1).
    /// For n = 2 this is the classic (1 − x)² + 100 (y − x²)².
    static func rosenbrock(_ x: [Float], _ gradient: inout [Float]) -> Float {
        let v = x.map(Double.init)
        var g = [Double](repeating: 0, count: v.count)
        var f = 0.0
        for i in 0..<(v.count - 1) {
            let a = 1 - v[i], b = v[i + 1] - v[i] * v[i]
            f += a * a + 100 * b * b
            g[i] += -2 * a - 400 * v[i] * b
            g[i + 1] += 200 * b
        }
        gradient = g.map(Float.init)
        return Float(f)
    }

    /// f(x) = ½ Σᵢ cᵢ (xᵢ − tᵢ)² with curvatures cᵢ = 1 + i (condition number n) and target
    /// tᵢ = sin(i).
    static func diagonalQuadratic(_ x: [Float], _ gradient: inout [Float]) -> Float {
        var f = 0.0
        for i in x.indices {
            let c = Double(1 + i), r = Double(x[i]) - target(i)
            f += 0.5 * c * r * r
            gradient[i] = Float(c * r)
        }
        return Float(f)
    }

    static func target(_ i: Int) -> Double { sin(Double(i)) }

    /// f = ½ vᵀAv − bᵀv, A = [[3, 1], [1, 2]], b = (1, −1); minimum −0.7 at (0.6, −0.8).
    /// The same function as `quadratic` in Fixtures/lbfgs_reference.py.
    static func coupledQuadratic(_ x: [Float], _ gradient: inout [Float]) -> Float {
        let u = Double(x[0]), v = Double(x[1])
        let au = 3 * u + v, av = u + 2 * v
        gradient[0] = Float(au - 1)
        gradient[1] = Float(av + 1)
        return Float(0.5 * (u * au + v * av) - u + v)
    }
}
