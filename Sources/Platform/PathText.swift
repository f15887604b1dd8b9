/// File names are bytes; Swift strings are Unicode. A name that is not valid UTF-8 cannot be
/// carried in a `String` without changing it (the invalid bytes become U+FFFD), and the changed
/// name opens nothing. Such names are shown with their invalid bytes as `\xNN` and refused
/// with a message that says so, instead of "no such file".
public enum PathText {
    /// The bytes as UTF-8, nil if they are not valid UTF-8.
    public static func validUTF8(_ bytes: [UInt8]) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    /// The bytes for messages: valid UTF-8 as it is, each invalid byte as `\xNN`.
    public static func display(_ bytes: [UInt8]) -> String {
        if let text = validUTF8(bytes) { return text }
        var result = ""
        var index = 0
        while index < bytes.count {
            // The longest valid sequence starting here (UTF-8 sequences are 1 to 4 bytes).
            let valid = (1...min(4, bytes.count - index)).reversed().first { length in
                validUTF8(Array(bytes[index..<(index + length)])) != nil
            }
            if let valid {
                result += validUTF8(Array(bytes[index..<(index + valid)]))!
                index += valid
            } else {
                result += "\\x" + String(bytes[index], radix: 16, uppercase: true).leftPadded(to: 2)
                index += 1
            }
        }
        return result
    }

    /// The advice given with a name that is not UTF-8.
    public static let notUTF8Advice =
        "the file name is not valid UTF-8, which faststyle cannot open; rename the file (e.g. with convmv)"
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
