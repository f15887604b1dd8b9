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
/// value within the message, and every filter pipeline message its filters. Only version-1 object headers, the kind libhdf5 writes by default
/// and faststyle's files have, are walked, through their continuation blocks.
enum ObjectHeaderCheck {
    /// A description of the first attribute message that declares more than it holds in the
    /// headers at `addresses`; nil when there is none.
    static func problem(inHeadersAt addresses: [UInt64], of bytes: UnsafeRawBufferPointer) -> String? {
        func integer(_ offset: Int, _ count: Int) -> Int { Int(truncatingIfNeeded: FileScan.integer(bytes, offset, count)) }
        var blocksLeft = 1 << 16
        for header in Set(addresses).sorted() {
            let problem = forEachMessage(inHeaderAt: header, of: bytes, blocksLeft: &blocksLeft) { type, data, size in
                if type == 0x0C, let problem = attributeProblem(at: data, size: size) {
                    return "damaged HDF5 file: the attribute message at byte \(data) \(problem)"
                }
                if type == 0x0B, let problem = pipelineProblem(at: data, size: size) {
                    return "damaged HDF5 file: the filter pipeline message at byte \(data) \(problem)"
                }
                return nil
            }
            if let problem { return problem }
        }
        return nil

        /// What the filter pipeline message at `at`, of `size` bytes, declares beyond itself:
        /// libhdf5 decodes as many filters as it says, each with its name (copied up to its NUL)
        /// and its values, without comparing them with the message's size (a count of 32
        /// filters in a message holding one: a read past the header, the pack fuzzer, stop 42).
        func pipelineProblem(at: Int, size messageSize: Int) -> String? {
            // Version 1: version, filters, 6 reserved; each filter: id, name size, flags, values
            // (2 bytes each), the name padded to 8, the values (4 bytes each), 4 bytes of padding
            // after an odd number of them. Version 2: version, filters; a filter's name size and
            // name only for ids from 256, nothing padded.
            let end = at + messageSize
            guard messageSize >= 2 else { return nil }  // libhdf5 refuses it
            let (version, filters) = (Int(bytes[at]), Int(bytes[at + 1]))
            guard version == 1 || version == 2 else { return nil }
            var filter = at + (version == 1 ? 8 : 2)
            for index in 0..<filters {
                guard filter + 2 <= end else { return "declares \(filters) filters and ends inside filter \(index)" }
                let id = integer(filter, 2)
                let hasName = version == 1 || id >= 256
                let fields = filter + 2 + (hasName ? 2 : 0)
                guard fields + 4 <= end else { return "declares \(filters) filters and ends inside filter \(index)" }
                let nameSize = hasName ? integer(filter + 2, 2) : 0
                let values = integer(fields + 2, 2)
                let name = fields + 4
                let afterName = name + (version == 1 ? (nameSize + 7) / 8 * 8 : nameSize)
                let next = afterName + 4 * values + (version == 1 && values % 2 == 1 ? 4 : 0)
                guard next <= end else {
                    return "declares \(filters) filters and filter \(index) ends past the message's \(messageSize) bytes"
                }
                if nameSize > 0, !(name..<(name + nameSize)).contains(where: { bytes[$0] == 0 }) {
                    return "has a filter name of \(nameSize) bytes without its end"
                }
                filter = next
            }
            return nil
        }

        /// What the attribute message at `at`, of `size` bytes, declares beyond itself.
        func attributeProblem(at: Int, size messageSize: Int) -> String? {
            guard messageSize >= 8 else { return "holds \(messageSize) bytes, fewer than its sizes take" }
            guard let message = AttributeMessage(at: at, in: bytes) else { return nil }  // libhdf5 refuses it
            let (version, nameSize, typeSize, spaceSize) = (message.version, message.nameSize, message.typeSize, message.spaceSize)
            let (name, type, space, value) = (message.name, message.type, message.space, message.value)
            let end = at + messageSize
            guard value <= end, typeSize >= 8, spaceSize >= 4 else {
                return
                    "declares a name of \(nameSize) bytes, a datatype of \(typeSize) and a dataspace of "
                    + "\(spaceSize) in \(messageSize) bytes"
            }
            // libhdf5 copies the name, and the names inside a compound or enumerated datatype, up to
            // their NUL, wherever it is (an enumeration of 257 members in 20 bytes: a read past
            // the header, the checkpoint harness, stop 41).
            guard nameSize > 0, (name..<(name + nameSize)).contains(where: { bytes[$0] == 0 }) else {
                return "has a name of \(nameSize) bytes without its end"
            }
            guard version == 1 || bytes[at + 1] & 1 == 0 else { return nil }  // a shared datatype: a reference
            guard let typeEnd = DatatypeLayout(bytes).end(ofTypeAt: type, within: type + typeSize), typeEnd <= type + typeSize
            else {
                return "declares a malformed datatype of \(typeSize) bytes (libhdf5 would read past it)"
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

extension ObjectHeaderCheck {
    /// Calls `body` with the type, data offset and size of each message of the version-1 object
    /// header at `header`, through its continuation blocks (at most `blocksLeft` blocks, shared
    /// between calls); the first description `body` returns, or one of a block beyond the file,
    /// ends the walk and is returned. A header that is not version 1 (or beyond the file) has no
    /// messages here.
    static func forEachMessage(
        inHeaderAt header: UInt64, of bytes: UnsafeRawBufferPointer, blocksLeft: inout Int,
        _ body: (_ type: Int, _ data: Int, _ size: Int) -> String?
    ) -> String? {
        let size = bytes.count
        func integer(_ offset: Int, _ count: Int) -> Int { Int(truncatingIfNeeded: FileScan.integer(bytes, offset, count)) }
        // Prefix: version (1), reserved, messages (2), reference count (4), size of the first
        // block (4), padding to 16. Then messages: type (2), size (2), flags, 3 reserved, data.
        guard header < UInt64(max(size - 16, 0)), bytes[Int(header)] == 1 else { return nil }
        let at = Int(header)
        var blocks = [(at + 16, integer(at + 8, 4))]
        while let (start, length) = blocks.popLast(), blocksLeft > 0 {
            blocksLeft -= 1
            // libhdf5 allocates a block's declared length before it reads it (17 GB for the
            // root group's header, the pack fuzzer, stop 41).
            guard length >= 0, start <= size, length <= size - start else {
                return
                    "damaged HDF5 file: the object header at byte \(header) declares \(length) bytes of "
                    + "messages at byte \(start), beyond the file's \(size) bytes"
            }
            var message = start
            while message + 8 <= start + length {
                let (type, dataSize) = (integer(message, 2), integer(message + 2, 2))
                let data = message + 8
                guard data + dataSize <= start + length else { break }  // libhdf5 refuses it
                if type == 0x10, dataSize >= 16 {  // continuation: address, length
                    let (next, nextLength) = (FileScan.integer(bytes, data, 8), FileScan.integer(bytes, data + 8, 8))
                    blocks.append((Int(clamping: next), Int(clamping: nextLength)))
                } else if let problem = body(type, data, dataSize) {
                    return problem
                }
                message = data + dataSize
            }
        }
        return nil
    }
}

/// Where the parts of an HDF5 attribute message (versions 1 to 3) begin, by the sizes it declares.
struct AttributeMessage {
    let version, nameSize, typeSize, spaceSize: Int
    /// Offsets in the file of the name, the datatype, the dataspace and the value.
    let name, type, space, value: Int

    /// The message whose data begins at `at`; nil when its version is not one of 1 to 3 or its
    /// sizes lie beyond `bytes`.
    init?(at: Int, in bytes: UnsafeRawBufferPointer) {
        // Version, reserved (version 3: flags), name, datatype and dataspace sizes (2 each);
        // version 3 adds the name's encoding; version 1 pads each part to 8 bytes.
        guard at >= 0, at + 8 <= bytes.count, (1...3).contains(bytes[at]) else { return nil }
        func integer(_ offset: Int) -> Int { Int(FileScan.integer(bytes, offset, 2)) }
        version = Int(bytes[at])
        (nameSize, typeSize, spaceSize) = (integer(at + 2), integer(at + 4), integer(at + 6))
        let align: (Int) -> Int = version == 1 ? { ($0 + 7) / 8 * 8 } : { $0 }
        name = at + (version == 3 ? 9 : 8)
        type = name + align(nameSize)
        space = type + align(typeSize)
        value = space + align(spaceSize)
    }
}

/// Where an HDF5 datatype message ends, read as libhdf5 1.10 decodes one (the HDF5 file format
/// specification, "Datatype Message"), with every member name's end found before it is passed:
/// nil when a part or a name runs past `limit`.
struct DatatypeLayout {
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    func end(ofTypeAt at: Int, within limit: Int, depth: Int = 0) -> Int? {
        // Class and version (1), class bits (3), size (4), then the class's properties.
        guard depth < 16, at + 8 <= limit, limit <= bytes.count else { return nil }
        let (typeClass, version) = (Int(bytes[at] & 0x0F), Int(bytes[at] >> 4))
        let bits = Int(bytes[at + 1]) | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) << 16
        let properties = at + 8
        func within(_ end: Int) -> Int? { end <= limit ? end : nil }
        /// The end of the NUL-terminated name at `start`, padded to 8 bytes before version 3.
        func nameEnd(_ start: Int) -> Int? {
            guard let nul = (start..<limit).first(where: { bytes[$0] == 0 }) else { return nil }
            return within(version < 3 ? start + (nul - start + 8) / 8 * 8 : nul + 1)
        }
        switch typeClass {
        case 0, 4: return within(properties + 4)  // fixed-point, bitfield: offset, precision
        case 1: return within(properties + 12)  // floating point: offset, precision, exponent and mantissa
        case 2: return within(properties + 2)  // time: precision
        case 3, 7: return properties  // string, reference: nothing more
        case 5: return within(properties + (bits & 0xFF))  // opaque: its tag, padded
        case 6:  // compound: each member's name, offset, (version 1: dimensions), type
            let size = Int(FileScan.integer(bytes, at + 4, 4))
            let offsetBytes = version < 3 ? 4 : (size < 1 << 8 ? 1 : size < 1 << 16 ? 2 : size < 1 << 24 ? 3 : 4)
            var member = properties
            for _ in 0..<(bits & 0xFFFF) {
                guard let afterName = nameEnd(member) else { return nil }
                let memberType = afterName + offsetBytes + (version == 1 ? 28 : 0)
                guard let next = end(ofTypeAt: memberType, within: limit, depth: depth + 1) else { return nil }
                member = next
            }
            return member
        case 8:  // enumeration: its base type, the members' names, their values
            guard let base = end(ofTypeAt: properties, within: limit, depth: depth + 1) else { return nil }
            let baseSize = Int(FileScan.integer(bytes, properties + 4, 4))
            var name = base
            for _ in 0..<(bits & 0xFFFF) {
                guard let next = nameEnd(name) else { return nil }
                name = next
            }
            let (valuesSize, overflow) = (bits & 0xFFFF).multipliedReportingOverflow(by: baseSize)
            return overflow ? nil : within(name + valuesSize)
        case 9:  // variable length: its base type. Stored as length, heap address and index: 16
            // bytes, which libhdf5 assumes whatever the size says (15 made it read past a value).
            guard FileScan.integer(bytes, at + 4, 4) == 16 else { return nil }
            return end(ofTypeAt: properties, within: limit, depth: depth + 1)
        case 10:  // array: rank, (reserved), sizes, (version 2: permutation), base type
            guard properties < limit else { return nil }
            let rank = Int(bytes[properties])
            let base = properties + (version == 2 ? 4 + 8 * rank : 1 + 4 * rank)
            return end(ofTypeAt: base, within: limit, depth: depth + 1)
        default: return nil
        }
    }
}
