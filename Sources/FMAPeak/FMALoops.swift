/// Loops of fused multiply-adds on SIMD registers and nothing else: the machine's peak FLOP rate
/// per core. This module is compiled with AVX-512F and FMA enabled (see Package.swift), so
/// `runAVX512` needs a CPU with AVX-512F and `runAVX2` one with AVX2 + FMA; the caller checks.
///
/// Twelve independent accumulator chains hide the FMA latency (4 cycles × 2 FMA units = 8 in
/// flight at least) and still fit in the 16 (ymm) / 32 (zmm) vector registers, so the loop body
/// is 12 `vfmadd231ps` and a counter. `objdump -d .build/release/faststyle | grep vfmadd231ps`
/// shows them.
public enum FMALoops {
    /// Independent FMA chains per loop iteration.
    public static let chains = 12

    /// Runs `iterations` × 12 FMAs on 16-float (zmm) vectors; returns a value that depends on
    /// every FMA so the loop cannot be removed. FLOPs = iterations × 12 × 16 × 2.
    @inline(never)
    public static func runAVX512(iterations: Int, multiplier: Float, addend: Float) -> Float {
        chainedFMAs(iterations: iterations, multiplier: multiplier, addend: addend, vector: SIMD16<Float>.self)
    }

    /// The same on 8-float (ymm, AVX2) vectors. FLOPs = iterations × 12 × 8 × 2.
    @inline(never)
    public static func runAVX2(iterations: Int, multiplier: Float, addend: Float) -> Float {
        chainedFMAs(iterations: iterations, multiplier: multiplier, addend: addend, vector: SIMD8<Float>.self)
    }

    // The vectors are built here from scalars rather than passed in: SIMD16 arguments arrive
    // split in xmm registers and LLVM then keeps some chains split in ymm halves.
    @inline(__always)
    private static func chainedFMAs<V: SIMD>(iterations: Int, multiplier: Float, addend: Float,
                                             vector: V.Type) -> Float where V.Scalar == Float {
        let x = V(repeating: multiplier), y = V(repeating: addend)
        var a0 = V(repeating: 0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0
        var a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0
        for _ in 0..<iterations {
            a0 = a0.addingProduct(x, y); a1 = a1.addingProduct(x, y)
            a2 = a2.addingProduct(x, y); a3 = a3.addingProduct(x, y)
            a4 = a4.addingProduct(x, y); a5 = a5.addingProduct(x, y)
            a6 = a6.addingProduct(x, y); a7 = a7.addingProduct(x, y)
            a8 = a8.addingProduct(x, y); a9 = a9.addingProduct(x, y)
            a10 = a10.addingProduct(x, y); a11 = a11.addingProduct(x, y)
        }
        let sum = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11))
        return sum.sum()
    }
}
