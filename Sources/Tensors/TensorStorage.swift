import CMemory
import Foundation

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
