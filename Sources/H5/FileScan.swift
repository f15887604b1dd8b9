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

    /// Where a superblock of version 0 or 1 (as libhdf5 writes by default, and faststyle's files
    /// have) with 8-byte addresses and lengths keeps its addresses (base, free space, end of
    /// file, driver: 8 bytes each) and the root group's symbol-table entry, found at the start of
    /// the file or after a user block (512, 1024, … bytes); nil for any other layout.
    private static func superblock(_ bytes: UnsafeRawBufferPointer) -> (start: Int, addresses: Int, rootEntry: Int)? {
        let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]
        var start = 0
        while start + 96 <= bytes.count, !signature.indices.allSatisfy({ bytes[start + $0] == signature[$0] }) {
            start = start == 0 ? 512 : start * 2
        }
        // Version 8, …, sizes of offsets and lengths at 13 and 14; version 1 adds 4 bytes before
        // the addresses; the root entry: name 8, header 8, cache type 4, reserved 4, B-tree 8, heap 8.
        guard start + 96 <= bytes.count, bytes[start + 8] <= 1, bytes[start + 13] == 8, bytes[start + 14] == 8 else {
            return nil
        }
        let addresses = start + (bytes[start + 8] == 0 ? 24 : 28)
        return addresses + 72 <= bytes.count ? (start, addresses, addresses + 32) : nil
    }

    /// The problem when the file is shorter than its superblock says (a copy cut short): said
    /// before any structure inside is checked, since what is missing would look damaged.
    static func truncation(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let layout = superblock(bytes) else { return nil }
        let (stored, overflow) = UInt64(layout.start).addingReportingOverflow(integer(bytes, layout.addresses + 16, 8))
        guard !overflow, stored > UInt64(bytes.count) else { return nil }
        return "truncated or corrupt HDF5 file: it has \(bytes.count) bytes where its superblock says \(stored)"
    }

    /// The root group's object header and B-tree addresses (the B-tree nil when the entry does
    /// not cache one), from a superblock `superblock` reads. Addresses count from where the
    /// superblock is, whatever its base address says, as libhdf5 counts them when the two
    /// differ (a checkpoint whose base address was changed to 251 had its root header checked
    /// at the wrong place, while libhdf5 read past an attribute of the real one).
    static func rootGroup(_ bytes: UnsafeRawBufferPointer) -> (header: UInt64, tree: UInt64?, heap: UInt64?)? {
        guard let layout = superblock(bytes) else { return nil }
        let base = UInt64(layout.start)
        func relative(_ offset: Int) -> UInt64 {
            let (address, overflow) = base.addingReportingOverflow(integer(bytes, offset, 8))
            return overflow ? UInt64.max : address
        }
        let entry = layout.rootEntry
        let isGroup = integer(bytes, entry + 16, 4) == 1
        return (relative(entry + 8), isGroup ? relative(entry + 24) : nil, isGroup ? relative(entry + 32) : nil)
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
