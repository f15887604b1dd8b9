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
        for at in FileScan.offsets(of: needle, in: bytes) {
            // The name follows 8 bytes of version and sizes (version 3: 9, with its encoding).
            for start in [at - 8, at - 9] {
                guard let message = AttributeMessage(at: start, in: bytes), message.name == at,
                    message.nameSize == needle.count
                else { continue }
                // A variable-length (class 9) string (its type 1), stored here (not a shared type).
                let (type, data) = (message.type, message.value)
                guard type + 2 <= bytes.count, bytes[type] & 0x0F == 9, bytes[type + 1] & 0x0F == 1 else { continue }
                for value in 0..<values {
                    let offset = data + 16 * value
                    guard offset + 4 <= bytes.count else { break }
                    let length = Int(FileScan.integer(bytes, offset, 4))
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
