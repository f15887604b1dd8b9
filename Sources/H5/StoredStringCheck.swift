import Foundation

/// A check libhdf5 1.10 lacks on variable-length strings stored in attributes (found by fuzzing
/// the checkpoint reader, docs/fuzzing.md): a stored value is its length (4 bytes) and where the
/// global heap keeps its characters, and libhdf5 allocates and converts that many characters
/// before it looks at the heap. A checkpoint whose `training_options` declared 4,294,966,513
/// characters took 4 GB before the read failed.
///
/// Before such an attribute is read, its messages in the file — found by the attribute's name,
/// then read as versions 1 to 3 of HDF5's attribute message lay them out — must each declare no
/// string longer than the file. Files above `FileScan.largestFile` are not scanned.
enum StoredStringCheck {
    /// A description of the first value of attribute `name` (of `values` strings) that declares
    /// more characters than the file holds; nil when there is none.
    static func problem(attribute name: String, values: Int, inFileAt path: String) -> String? {
        FileScan.problem(inFileAt: path) { problem(attribute: name, values: values, in: $0) }
    }

    static func problem(attribute name: String, values: Int, in bytes: UnsafeRawBufferPointer) -> String? {
        let needle = Array(name.utf8) + [0]
        func integer(_ offset: Int, _ count: Int) -> Int { Int(FileScan.integer(bytes, offset, count)) }
        func padded(_ size: Int) -> Int { (size + 7) / 8 * 8 }
        for at in FileScan.offsets(of: needle, in: bytes) {
            // Version 1: version, reserved, name size, datatype size, dataspace size, then each
            // field padded to 8 bytes; versions 2 and 3 (3 adds the name's encoding): unpadded.
            for (version, start) in [(1, at - 8), (2, at - 8), (3, at - 9)] {
                guard start >= 0, bytes[start] == version, integer(start + 2, 2) == needle.count else { continue }
                let (typeSize, spaceSize) = (integer(start + 4, 2), integer(start + 6, 2))
                let type = at + (version == 1 ? padded(needle.count) : needle.count)
                let data = type + (version == 1 ? padded(typeSize) + padded(spaceSize) : typeSize + spaceSize)
                // A variable-length (class 9) string (its type 1), stored here (not a shared type).
                guard type + 2 <= bytes.count, bytes[type] & 0x0F == 9, bytes[type + 1] & 0x0F == 1 else { continue }
                for value in 0..<values {
                    let offset = data + 16 * value
                    guard offset + 4 <= bytes.count else { break }
                    let length = integer(offset, 4)
                    if length > bytes.count {
                        return
                            "damaged HDF5 file: attribute \(name) declares a string of \(length) characters at byte "
                            + "\(offset), in a file of \(bytes.count) bytes"
                    }
                }
            }
        }
        return nil
    }
}
