import Foundation

/// A check libhdf5 1.10 lacks on the attribute messages of object headers (found by fuzzing the
/// checkpoint reader, docs/fuzzing.md): an attribute message says how large its name, datatype
/// and dataspace are, and libhdf5 skips by those sizes to the value without comparing them with
/// the message's own size. A dataspace declared as 2,056 bytes instead of 8 sent it reading the
/// value from past the end of the header in memory (a heap over-read under AddressSanitizer),
/// where it found a string of 1.1 GB and asked for the memory.
///
/// Every attribute message of the object headers the file names (the root group's, and each
/// entry's of every group's symbol-table nodes, `SymbolTableCheck`) must hold its parts and its
/// value within the message. Only version-1 object headers, the kind libhdf5 writes by default
/// and faststyle's files have, are walked, through their continuation blocks.
enum ObjectHeaderCheck {
    /// A description of the first attribute message that declares more than it holds in the
    /// headers at `addresses`; nil when there is none.
    static func problem(inHeadersAt addresses: [UInt64], of bytes: UnsafeRawBufferPointer) -> String? {
        let size = bytes.count
        func integer(_ offset: Int, _ count: Int) -> Int { Int(truncatingIfNeeded: FileScan.integer(bytes, offset, count)) }
        func padded(_ size: Int) -> Int { (size + 7) / 8 * 8 }

        var blocksLeft = 1 << 16  // headers and continuation blocks walked, at most
        for header in Set(addresses).sorted() where header < UInt64(max(size - 16, 0)) {
            // Prefix: version (1), reserved, messages (2), reference count (4), size of the first
            // block (4), padding to 16. Then messages: type (2), size (2), flags, 3 reserved, data.
            let at = Int(header)
            guard bytes[at] == 1 else { continue }
            var blocks = [(at + 16, integer(at + 8, 4))]
            while let (start, length) = blocks.popLast(), blocksLeft > 0 {
                blocksLeft -= 1
                guard length >= 0, start <= size, length <= size - start else { continue }  // libhdf5 refuses it
                var message = start
                while message + 8 <= start + length {
                    let (type, dataSize) = (integer(message, 2), integer(message + 2, 2))
                    let data = message + 8
                    guard data + dataSize <= start + length else { break }  // libhdf5 refuses it
                    if type == 0x10, dataSize >= 16 {  // continuation: address, length
                        let (next, nextLength) = (FileScan.integer(bytes, data, 8), FileScan.integer(bytes, data + 8, 8))
                        if next < UInt64(size), nextLength <= UInt64(size) {
                            blocks.append((Int(next), Int(nextLength)))
                        }
                    } else if type == 0x0C, let problem = attributeProblem(at: data, size: dataSize) {
                        return "damaged HDF5 file: the attribute message at byte \(data) \(problem)"
                    }
                    message = data + dataSize
                }
            }
        }
        return nil

        /// What the attribute message at `at`, of `size` bytes, declares beyond itself.
        func attributeProblem(at: Int, size messageSize: Int) -> String? {
            guard messageSize >= 8 else { return "holds \(messageSize) bytes, fewer than its sizes take" }
            // Version, reserved (version 3: flags), name, datatype and dataspace sizes (2 each);
            // version 3 adds the name's encoding; version 1 pads each part to 8 bytes.
            let version = Int(bytes[at])
            guard (1...3).contains(version) else { return nil }  // libhdf5 refuses it
            let (nameSize, typeSize, spaceSize) = (integer(at + 2, 2), integer(at + 4, 2), integer(at + 6, 2))
            let align = version == 1 ? padded : { $0 }
            let type = at + (version == 3 ? 9 : 8) + align(nameSize)
            let space = type + align(typeSize)
            let value = space + align(spaceSize)
            let end = at + messageSize
            guard value <= end, typeSize >= 8, spaceSize >= 4 else {
                return
                    "declares a name of \(nameSize) bytes, a datatype of \(typeSize) and a dataspace of "
                    + "\(spaceSize) in \(messageSize) bytes"
            }
            // The value: the dataspace's elements times the datatype's size (4 bytes at 4), unless
            // either is shared (flags 1 and 2 of versions 2 and 3: a reference in their place).
            guard version == 1 || bytes[at + 1] & 3 == 0, let elements = elementCount(dataspaceAt: space, size: spaceSize) else { return nil }
            let (valueSize, overflow) = elements.multipliedReportingOverflow(by: integer(type + 4, 4))
            if overflow || valueSize > end - value {
                return
                    "declares a value of \(overflow ? "more than 2⁶³" : "\(valueSize)") bytes with "
                    + "\(end - value) left in it"
            }
            return nil
        }

        /// The number of elements of the dataspace message at `at` (versions 1 and 2); nil when
        /// it is not one libhdf5 reads.
        func elementCount(dataspaceAt at: Int, size: Int) -> Int? {
            // Version, rank, flags; version 1: 5 reserved bytes; version 2: the kind (0 scalar,
            // 1 simple, 2 null). Then the dimensions, 8 bytes each.
            let (version, rank, kind) = (bytes[at], Int(bytes[at + 1]), bytes[at + 3])
            let dimensions = at + (version == 1 ? 8 : 4)
            guard version == 1 || version == 2, rank <= 32, dimensions + 8 * rank <= at + size else { return nil }
            if version == 2, kind == 2 { return 0 }
            var count = 1
            for axis in 0..<rank {
                let side = FileScan.integer(bytes, dimensions + 8 * axis, 8)
                guard side <= UInt64(Int.max) else { return Int.max }
                let (product, overflow) = count.multipliedReportingOverflow(by: Int(side))
                count = overflow ? Int.max : product
            }
            return count
        }
    }
}
