import CMemory
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
        precondition(other.shape == shape && other.channelBlock == channelBlock,
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
        #if DEBUG
        // Tests run debug builds: a value read before it is written shows up as NaN.
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

/// Tensor memory, 64-byte aligned for AVX-512 loads and oneDNN. Large tensors are mapped
/// straight from the system (page-aligned, already zero) and given back when freed, so that
/// inference, which allocates each activation afresh, holds no more than the activations alive.
/// Mapping fresh pages costs a fault and a clear per page (30% of a stylize pass in perf), so
/// freed regions are kept as spares for later tensors: a spare that is large enough (up to twice
/// the size asked) is used whole, else a smaller one grows with mremap, which keeps its pages.
/// Spares are given back while the regions kept and in use together exceed 1.5 × the most ever
/// in use: with no slack, a stylize pass still faulted 20–100 MB of fresh pages (sizes change
/// from layer to layer); with it, a pass that repeats the last one's allocations (the same
/// image size again) maps no new pages, for more peak memory (measured: 512² 147 → 175 MB,
/// 1920×1080 611 → 845 MB; time 0.46 → 0.42 s and 3.80 → 3.50 s).
enum TensorStorage {
    static let mappedBytes = 1 << 20

    private static let lock = NSLock()
    /// Spare regions by their mapped size (no empty lists).
    nonisolated(unsafe) private static var spare: [Int: [UnsafeMutableRawPointer]] = [:]
    /// Mapped size of each region in use (it can exceed the tensor's size).
    nonisolated(unsafe) private static var regionBytes: [UnsafeMutableRawPointer: Int] = [:]
    nonisolated(unsafe) private static var spareBytes = 0
    nonisolated(unsafe) private static var liveBytes = 0
    nonisolated(unsafe) private static var peakLiveBytes = 0

    static func allocate(count: Int, zeroed: Bool) -> UnsafeMutablePointer<Float> {
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        if bytes >= mappedBytes {
            let raw = lock.withLock { mapped(sizeClass(bytes)) }
            if zeroed, raw.reused { memset(raw.pointer, 0, bytes) }
            return raw.pointer.bindMemory(to: Float.self, capacity: max(count, 1))
        }
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 64, bytes) == 0, let raw else {
            fatalError("out of memory allocating \(bytes) bytes")
        }
        let data = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        if zeroed { data.initialize(repeating: 0, count: max(count, 1)) }
        return data
    }

    static func release(_ data: UnsafeMutablePointer<Float>, count: Int) {
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        guard bytes >= mappedBytes else { return free(data) }
        let region = UnsafeMutableRawPointer(data)
        lock.withLock {
            let size = regionBytes.removeValue(forKey: region)!
            liveBytes -= size
            spare[size, default: []].append(region)
            spareBytes += size
        }
    }

    /// Mapped sizes are rounded up to one of four classes per doubling (4, 5, 6, 7 × 2^k bytes), so
    /// that tensors of nearly the same size (bands, odd rows) share spare regions.
    static func sizeClass(_ bytes: Int) -> Int {
        let shift = max(0, Int.bitWidth - bytes.leadingZeroBitCount - 3)
        let steps = (bytes + (1 << shift) - 1) >> shift
        return steps << shift
    }

    /// A region of at least `bytes`: a spare one (see `spareRegion`) or a new mapping, after
    /// giving back spares beyond the slack. Called under the lock.
    private static func mapped(_ bytes: Int) -> (pointer: UnsafeMutableRawPointer, reused: Bool) {
        let reused = spareRegion(for: bytes)
        let size = reused?.size ?? bytes
        liveBytes += size
        peakLiveBytes = max(peakLiveBytes, liveBytes)
        while 2 * (liveBytes + spareBytes) > 3 * peakLiveBytes, let largest = spare.keys.max() {
            munmap(takeSpare(largest), largest)
        }
        let pointer = reused?.pointer ?? newMapping(bytes)
        regionBytes[pointer] = size
        return (pointer, reused != nil)
    }

    /// The smallest spare of `bytes`...2·`bytes`, else the largest smaller one grown to `bytes`.
    private static func spareRegion(for bytes: Int) -> (pointer: UnsafeMutableRawPointer, size: Int)? {
        if let size = spare.keys.filter({ $0 >= bytes && $0 <= 2 * bytes }).min() {
            return (takeSpare(size), size)
        }
        guard let size = spare.keys.filter({ $0 < bytes }).max() else { return nil }
        let old = takeSpare(size)
        guard let grown = faststyle_resize_mapping(old, size, bytes), grown != MAP_FAILED else {
            munmap(old, size)
            return nil
        }
        return (grown, bytes)
    }

    private static func newMapping(_ bytes: Int) -> UnsafeMutableRawPointer {
        let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let raw, raw != MAP_FAILED else { fatalError("out of memory mapping \(bytes) bytes") }
        return raw
    }

    /// Removes a spare of `size`; sizes with no spare left leave `spare`, so its keys are the
    /// sizes on hand.
    private static func takeSpare(_ size: Int) -> UnsafeMutableRawPointer {
        spareBytes -= size
        let region = spare[size]!.removeLast()
        if spare[size]!.isEmpty { spare[size] = nil }
        return region
    }
}
