import Foundation

/// Checks libhdf5 1.10 lacks, on the global heap (where variable-length strings live: collections
/// with signature "GCOL"), each found by fuzzing the checkpoint reader (docs/fuzzing.md):
/// - a collection whose free-space object declares size 0 makes libhdf5's decoder loop forever
///   (`H5HG__cache_heap_deserialize` advances by the object's size): one byte changed in a
///   checkpoint hung `faststyle`;
/// - a variable-length value that names an object the collection does not hold makes
///   `H5HG_read` index past its table (1.10.8 checks the index only with an assertion): one
///   byte changed in a checkpoint's `training_options` ended `faststyle` in a segmentation fault.
///
/// Before libhdf5 opens a file, every collection in it is walked the way libhdf5 walks it, and
/// one that would not advance (or whose object jumps past the collection's end) is refused; then
/// every reference to the collection (its address, stored as a variable-length value stores it:
/// length 4, collection address 8, object index 4) whose length is that of one of its objects
/// must name an object it holds. Files above `FileScan.largestFile` are not scanned.
enum GlobalHeapCheck {
    /// A description of the first problem libhdf5 would not survive, nil when there is none (or
    /// the file is too large to scan, or cannot be mapped: libhdf5 then says what is wrong).
    static func problem(inFileAt path: String) -> String? {
        FileScan.problem(inFileAt: path) { problem(in: $0) }
    }

    /// The walk over `bytes` (a whole file), at each "GCOL" signature followed by version 1:
    /// header (signature 4, version 1, reserved 3, collection size 8), then objects (index 2,
    /// references 2, reserved 4, size 8, data padded to 8 bytes); index 0 is the free space,
    /// whose size includes its header. Little-endian, 8-byte lengths and addresses (what HDF5
    /// writes here).
    static func problem(in bytes: UnsafeRawBufferPointer) -> String? {
        guard let base = bytes.baseAddress, bytes.count >= 16 else { return nil }
        func integer(_ offset: Int, _ count: Int) -> Int {
            let value = FileScan.integer(bytes, offset, count)
            return value > UInt64(Int.max) ? Int.max : Int(value)
        }
        var start = 0
        while start + 16 <= bytes.count {
            guard let found = memchr(base + start, 0x47, bytes.count - start) else { return nil }   // "G"
            let collection = base.distance(to: UnsafeRawPointer(found))
            start = collection + 1
            guard collection + 16 <= bytes.count, bytes[collection + 1] == 0x43, bytes[collection + 2] == 0x4F,
                bytes[collection + 3] == 0x4C, bytes[collection + 4] == 1
            else { continue }   // "COL", version 1
            // A collection that would run past the end of the file is one libhdf5 fails to read (an
            // error, not a loop); requiring the size to fit also keeps the bytes "GCOL" inside
            // data (a pack's pixels) from being mistaken for a collection.
            let declared = integer(collection + 8, 8)
            guard declared >= 16, declared <= bytes.count - collection else { continue }
            let end = collection + declared
            var object = collection + 16
            var sizes: [Int: Int] = [:]   // object index → size
            while object < end, object + 16 <= end {
                let index = integer(object, 2), size = integer(object + 8, 8)
                let advance = index > 0 ? (size > Int.max - 23 ? Int.max : 16 + (size + 7) / 8 * 8) : size
                if advance == 0 {
                    return
                        "damaged HDF5 file: the global heap at byte \(collection) holds an object of size 0 at byte "
                        + "\(object) "
                        + "(the HDF5 library would loop forever reading it)"
                }
                if advance > end - object {
                    return
                        "damaged HDF5 file: the global heap at byte \(collection) holds an object of \(size) bytes at "
                        + "byte \(object), "
                        + "beyond the heap's end"
                }
                if index > 0 { sizes[index] = size }
                object += advance
            }
            if let problem = referenceProblem(in: bytes, collection: collection, end: end, sizes: sizes) {
                return problem
            }
        }
        return nil
    }

    /// The first reference to the collection at byte `collection` that names an object it does
    /// not hold. A reference is recognised by the collection's address with, before it, the
    /// length of one of the collection's objects (a string's length is its object's size), so
    /// that the same eight bytes elsewhere (an integer that happens to equal the address) are
    /// not taken for one.
    private static func referenceProblem(in bytes: UnsafeRawBufferPointer, collection: Int, end: Int, sizes: [Int: Int])
        -> String?
    {
        guard let base = bytes.baseAddress else { return nil }
        let lengths = Set(sizes.values.filter { $0 > 0 && $0 <= Int(UInt32.max) })
        guard !lengths.isEmpty else { return nil }
        let address = (0..<8).map { UInt8(truncatingIfNeeded: collection >> (8 * $0)) }
        let key = address.firstIndex { $0 != 0 } ?? 0   // searched for with memchr, then the whole address compared
        var offset = 0
        while offset + 8 <= bytes.count {
            guard let found = memchr(base + offset + key, Int32(address[key]), bytes.count - offset - 7) else {
                return nil
            }
            let at = base.distance(to: UnsafeRawPointer(found)) - key
            offset = at + 1
            guard (0..<8).allSatisfy({ bytes[at + $0] == address[$0] }) else { continue }
            // The collection's own bytes may hold its address (its size, when the two agree).
            guard at >= 4, at + 12 <= bytes.count, !(collection..<end).contains(at) else { continue }
            var length = 0, index = 0
            for i in (0..<4).reversed() {
                length = length << 8 | Int(bytes[at - 4 + i])
                index = index << 8 | Int(bytes[at + 8 + i])
            }
            guard lengths.contains(length), sizes[index] == nil else { continue }
            return
                "damaged HDF5 file: the variable-length value at byte \(at - 4) refers to object \(index) of the "
                + "global heap at "
                + "byte \(collection), which holds no such object (the HDF5 library would crash reading it)"
        }
        return nil
    }
}
