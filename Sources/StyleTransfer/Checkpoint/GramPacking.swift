/// Gram matrices are symmetric, so a checkpoint stores each style's target as its upper triangle
/// (row by row, the diagonal included): 348,160 numbers a style for Johnson's four layers instead
/// of 696,320, which keeps the resumable checkpoint of the twelve built-in styles under 32 MB.
/// Unpacking mirrors the triangle; a Gram matrix computed in float32 is symmetric to rounding
/// (its two halves' dot products may sum in different orders), so a packed target differs from
/// the one trained against by at most that rounding.
enum GramPacking {
    /// Numbers in the upper triangle of an `n × n` matrix.
    static func packedCount(_ n: Int) -> Int { n * (n + 1) / 2 }

    /// The upper triangles of `count` consecutive `n × n` matrices.
    static func pack(_ values: [Float], n: Int, count: Int) -> [Float] {
        precondition(values.count == count * n * n)
        var packed = [Float]()
        packed.reserveCapacity(count * packedCount(n))
        for matrix in 0..<count {
            let base = matrix * n * n
            for row in 0..<n { packed += values[(base + row * n + row)..<(base + row * n + n)] }
        }
        return packed
    }

    /// The `count` full `n × n` matrices of `pack`'s output.
    static func unpack(_ packed: [Float], n: Int, count: Int) -> [Float] {
        precondition(packed.count == count * packedCount(n))
        var values = [Float](repeating: 0, count: count * n * n)
        var next = 0
        for matrix in 0..<count {
            let base = matrix * n * n
            for row in 0..<n {
                for column in row..<n {
                    values[base + row * n + column] = packed[next]
                    values[base + column * n + row] = packed[next]
                    next += 1
                }
            }
        }
        return values
    }
}
