import CDNNL
import Foundation

/// Batched matrix products on oneDNN: C[b] = op(A[b]) · op(B[b]), plain row-major matrices,
/// where op transposes when asked (expressed as strides, so nothing is copied).
public enum MatrixMultiply {
    private struct Key: Hashable {
        var batch, m, k, n: Int
        var transposeA, transposeB: Bool
    }
    private static var cache: [Key: Primitive] = [:]
    private static let lock = NSLock()

    /// `a` holds `batch` matrices of m×k (or k×m when `transposeA`), `b` of k×n (or n×k),
    /// `c` receives `batch` matrices of m×n (overwritten).
    public static func multiply(
        batch: Int, m: Int, k: Int, n: Int,
        _ a: UnsafePointer<Float>, transposeA: Bool = false,
        _ b: UnsafePointer<Float>, transposeB: Bool = false,
        into c: UnsafeMutablePointer<Float>
    ) {
        let key = Key(batch: batch, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB)
        let aMD = matrix(batch: batch, rows: m, columns: k, storedTransposed: transposeA)
        let bMD = matrix(batch: batch, rows: k, columns: n, storedTransposed: transposeB)
        let cMD = matrix(batch: batch, rows: m, columns: n, storedTransposed: false)
        let primitive = lock.withLock { () -> Primitive in
            if let p = cache[key] { return p }
            var op = dnnl_matmul_desc_t()
            var (am, bm, cm) = (aMD, bMD, cMD)
            DNNL.check(dnnl_matmul_desc_init(&op, &am, &bm, nil, &cm), "matmul \(key)")
            let p = Primitive(operation: &op, name: "matmul")
            cache[key] = p
            return p
        }
        primitive.execute([
            (DNNL_ARG_SRC, aMD, UnsafeMutableRawPointer(mutating: a)),
            (DNNL_ARG_WEIGHTS, bMD, UnsafeMutableRawPointer(mutating: b)),
            (DNNL_ARG_DST, cMD, UnsafeMutableRawPointer(c)),
        ])
    }

    /// A batch × rows × columns matrix descriptor; `storedTransposed` means memory holds the
    /// columns × rows matrix row-major (so this one is its transpose).
    private static func matrix(batch: Int, rows: Int, columns: Int, storedTransposed: Bool) -> dnnl_memory_desc_t {
        var md = dnnl_memory_desc_t()
        let dims: [Int64] = [Int64(batch), Int64(rows), Int64(columns)]
        let strides: [Int64] =
            storedTransposed
            ? [Int64(rows * columns), 1, Int64(rows)]
            : [Int64(rows * columns), Int64(columns), 1]
        DNNL.check(dnnl_memory_desc_init_by_strides(&md, 3, dims, dnnl_f32, strides), "matrix descriptor")
        return md
    }
}
