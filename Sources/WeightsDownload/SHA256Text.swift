import Crypto
import Foundation

extension SHA256 {
    /// The SHA-256 of `bytes` as 64 lowercase hex digits.
    static func hex(of bytes: [UInt8]) -> String { hash(data: bytes).hex }

    /// The digest of what was hashed so far, as 64 lowercase hex digits.
    func finalizeHex() -> String { finalize().hex }
}

extension SHA256.Digest {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
