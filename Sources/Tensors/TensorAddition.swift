extension Elementwise {
    /// c = a + b over whole tensors of the same shape and layout (any layout: zero block
    /// padding adds to zero). `c` may be `a` or `b`.
    public static func add(_ a: Tensor, _ b: Tensor, into c: Tensor) {
        precondition(a.shape == b.shape && a.channelBlock == b.channelBlock, "adding \(a) and \(b)")
        precondition(c.shape == a.shape && c.channelBlock == a.channelBlock, "sum of \(a) into \(c)")
        let (x, y, z) = (a.data, b.data, c.data)
        Parallel.forEachChunk(a.storageCount) { range in
            for i in range { z[i] = x[i] + y[i] }
        }
    }
}
