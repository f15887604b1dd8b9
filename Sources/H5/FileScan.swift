import Foundation

/// What the checks of a file's structures before libhdf5 reads it share (`GlobalHeapCheck`,
/// `SymbolTableCheck`, `StoredStringCheck`): the file's bytes mapped, little-endian integers
/// read from them, and where a signature occurs in them.
enum FileScan {
    /// Files above this are not scanned (image packs may be far larger than memory; they are
    /// read lazily).
    static let largestFile = 1 << 30

    /// `check` of the file's bytes, mapped; nil when the file is above `largestFile` or cannot be
    /// mapped (libhdf5 then says what is wrong).
    static func problem(inFileAt path: String, _ check: (UnsafeRawBufferPointer) -> String?) -> String? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int,
            size <= largestFile,
            let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        else { return nil }
        return data.withUnsafeBytes(check)
    }

    /// The little-endian unsigned integer of `count` bytes at `offset`.
    static func integer(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in (0..<count).reversed() { value = value << 8 | UInt64(bytes[offset + i]) }
        return value
    }

    /// Where `pattern` starts in `bytes`, in order.
    static func offsets(of pattern: [UInt8], in bytes: UnsafeRawBufferPointer) -> [Int] {
        guard let base = bytes.baseAddress, let first = pattern.first else { return [] }
        var found: [Int] = []
        var start = 0
        while start + pattern.count <= bytes.count,
            let hit = memchr(base + start, Int32(first), bytes.count - start)
        {
            let at = base.distance(to: UnsafeRawPointer(hit))
            start = at + 1
            if at + pattern.count <= bytes.count, pattern.indices.allSatisfy({ bytes[at + $0] == pattern[$0] }) {
                found.append(at)
            }
        }
        return found
    }
}
