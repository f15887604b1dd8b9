import Foundation

/// How freed memory that is not a tensor's goes back to the system (tensors of 1 MiB and more
/// are mapped and reused by `TensorStorage` itself).
public enum MemoryRelease {
    /// Makes every allocation from `threshold` bytes up a mapping of its own, unmapped when
    /// freed (glibc's `mallopt(M_MMAP_THRESHOLD, …)`): the images and tiles of `stylize`, Swift
    /// arrays of varying sizes. By default glibc raises that threshold to 32 MiB after the first
    /// large free, and later arrays of other sizes then come from a heap that fragments instead
    /// of shrinking: stylizing a 4000×3000 photograph in tiles peaked at 2.04 GiB that way,
    /// 1.47 GiB with this (measured before tensors were mapped). Returns false where unavailable.
    @discardableResult
    public static func returnLargeAllocationsToTheSystem(threshold: Int32 = 1 << 20) -> Bool {
        // mallopt is not in Swift's Glibc module; M_MMAP_THRESHOLD is -3 in <malloc.h>.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        return unsafeBitCast(symbol, to: Mallopt.self)(-3, threshold) == 1
    }
}
