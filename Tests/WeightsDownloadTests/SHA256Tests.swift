import StyleTransfer
import WeightsDownload
import XCTest

final class SHA256Tests: XCTestCase {
    /// FIPS 180-4 example vectors.
    func testKnownVectors() {
        XCTAssertEqual(SHA256.hex(of: []), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(of: [UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testIncrementalUpdatesEqualOneShot() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var hash = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 0, 200, 7] + [Int](repeating: 100, count: 6) where offset < message.count {
            let end = min(offset + size, message.count)
            hash.update(Array(message[offset..<end]))
            offset = end
        }
        hash.update(Array(message[offset...]))
        XCTAssertEqual(hash.finalizeHex(), SHA256.hex(of: message))
    }
}
