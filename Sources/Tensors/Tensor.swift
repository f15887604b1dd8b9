import Foundation

/// A float32 tensor with contiguous, 64-byte aligned storage.
///
/// Rank-4 tensors are N × C × H × W at the API. Their storage is either plain NCHW
/// (`channelBlock == 1`) or oneDNN's channel-blocked layout nChw8c / nChw16c
/// (`channelBlock == 8 or 16`): `[N][ceil(C/B)][H][W][B]`, with the channels past C in the
/// last block kept at zero. Blocked storage is what oneDNN's fast convolutions read and write,
/// so a network keeps it from layer to layer and converts only at its edges. Plain NCHW is the
/// same formula with B = 1, which lets one kernel serve both.
///
/// A tensor either owns its memory or is a view into memory owned by another object (the
/// parameter arena of a model); views keep their owner alive.
public final class Tensor {
    /// Logical dimensions; rank-4 tensors are N, C, H, W.
    public let shape: [Int]
    /// Channels per block of a rank-4 tensor: 1 (plain NCHW), 8 or 16.
    public let channelBlock: Int
    /// Number of floats in storage (includes the zero padding of the last channel block).
    public let storageCount: Int
    public let data: UnsafeMutablePointer<Float>
    private let owner: AnyObject?

    /// A zero-filled tensor.
    public init(shape: [Int], channelBlock: Int = 1) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(channelBlock == 1 || shape.count == 4, "channel blocking needs a rank-4 tensor")
        self.shape = shape
        self.channelBlock = channelBlock
        self.storageCount = Tensor.storageCount(shape: shape, channelBlock: channelBlock)
        self.data = TensorStorage.allocate(count: storageCount, zeroed: true)
        self.owner = nil
    }

    /// A tensor over memory owned by `owner` (which is kept alive), e.g. a slice of an arena.
    public init(viewing data: UnsafeMutablePointer<Float>, shape: [Int], channelBlock: Int = 1, owner: AnyObject) {
        self.shape = shape
        self.channelBlock = channelBlock
        self.storageCount = Tensor.storageCount(shape: shape, channelBlock: channelBlock)
        self.data = data
        self.owner = owner
    }

    /// A plain tensor holding `values` (row-major).
    public convenience init(shape: [Int], values: [Float]) {
        self.init(shape: shape)
        precondition(values.count == storageCount, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit {
        if owner == nil { TensorStorage.release(data, count: storageCount) }
    }

    public static func storageCount(shape: [Int], channelBlock: Int) -> Int {
        guard shape.count == 4, channelBlock > 1 else { return shape.reduce(1, *) }
        let blocks = (shape[1] + channelBlock - 1) / channelBlock
        return shape[0] * blocks * channelBlock * shape[2] * shape[3]
    }

    /// Number of logical elements (without block padding).
    /// The images `range` of a rank-4 batch, as a view of this tensor's memory.
    public func images(_ range: Range<Int>) -> Tensor {
        precondition(rank == 4 && range.lowerBound >= 0 && range.upperBound <= batch, "images \(range) of \(shape)")
        let perImage = storageCount / max(1, batch)
        return Tensor(
            viewing: data + range.lowerBound * perImage, shape: [range.count] + shape.dropFirst(),
            channelBlock: channelBlock, owner: self)
    }

    public var count: Int { shape.reduce(1, *) }
    public var rank: Int { shape.count }

    // Rank-4 accessors.
    public var batch: Int { shape[0] }
    public var channels: Int { shape[1] }
    public var height: Int { shape[2] }
    public var width: Int { shape[3] }
    /// Number of channel blocks, ceil(C / B).
    public var channelBlocks: Int { (shape[1] + channelBlock - 1) / channelBlock }
    /// Floats in one (sample, channel block) plane: H · W · B.
    public var blockPlaneCount: Int { shape[2] * shape[3] * channelBlock }

    public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: data, count: storageCount)
    }

    /// Storage index of logical element (n, c, y, x) of a rank-4 tensor.
    @inline(__always)
    public func index(_ n: Int, _ c: Int, _ y: Int, _ x: Int) -> Int {
        let b = channelBlock
        return (((n * channelBlocks + c / b) * shape[2] + y) * shape[3] + x) * b + c % b
    }

    public func fill(_ value: Float) {
        data.update(repeating: value, count: storageCount)
        if value != 0 { zeroBlockPadding() }
    }

    public func zero() { data.update(repeating: 0, count: storageCount) }

    /// Sets the channels past C in the last block to zero (they must stay zero: oneDNN
    /// reads them, and sums over storage include them).
    public func zeroBlockPadding() {
        guard rank == 4, channelBlock > 1, channels % channelBlock != 0 else { return }
        let b = channelBlock, used = channels % b, pixels = height * width
        for n in 0..<batch {
            let plane = data + (n * channelBlocks + channelBlocks - 1) * pixels * b
            for p in 0..<pixels {
                (plane + p * b + used).update(repeating: 0, count: b - used)
            }
        }
    }

    /// The logical values in row-major (plain NCHW) order.
    public func toArray() -> [Float] {
        if channelBlock == 1 { return Array(buffer) }
        return Tensor(converting: self, toChannelBlock: 1).toArray()
    }

    /// A copy with the same shape and layout.
    public func copy() -> Tensor {
        let t = Tensor(uninitializedShape: shape, channelBlock: channelBlock)
        t.data.update(from: data, count: storageCount)
        return t
    }

    /// Copies `other` (same shape and layout) into this tensor.
    public func copy(from other: Tensor) {
        precondition(
            other.shape == shape && other.channelBlock == channelBlock,
            "copy from \(other.shape)/\(other.channelBlock) into \(shape)/\(channelBlock)")
        data.update(from: other.data, count: storageCount)
    }

    /// A tensor whose storage is not initialized; every caller overwrites all of it.
    public init(uninitializedShape shape: [Int], channelBlock: Int = 1) {
        self.shape = shape
        self.channelBlock = channelBlock
        self.storageCount = Tensor.storageCount(shape: shape, channelBlock: channelBlock)
        self.data = TensorStorage.allocate(count: storageCount, zeroed: false)
        self.owner = nil
        #if DEBUG || POISON_UNINITIALIZED
        // Debug builds and the test suite's optimized build (scripts/test.sh defines
        // POISON_UNINITIALIZED): a value read before it is written shows up as NaN.
        data.initialize(repeating: .nan, count: storageCount)
        #endif
    }

    /// The same values in another channel layout (a oneDNN reorder).
    public convenience init(converting source: Tensor, toChannelBlock block: Int) {
        self.init(uninitializedShape: source.shape, channelBlock: block)
        Reorder.copy(source, into: self)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        "Tensor(\(shape.map(String.init).joined(separator: "×"))\(channelBlock > 1 ? ", nChw\(channelBlock)c" : ""))"
    }
}
