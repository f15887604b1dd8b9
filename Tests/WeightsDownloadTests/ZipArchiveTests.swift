import StyleTransfer
import WeightsDownload
import XCTest

final class ZipArchiveTests: XCTestCase {
    /// Made by Python's zipfile: `hello.txt` stored, `data/numbers.bin` (bytes 0…255 four
    /// times) deflated, `empty` deflated with no content.
    static let fixture = Array(
        Data(
            base64Encoded: """
                UEsDBBQAAAAAAAAAIQAbOHLLCwAAAAsAAAAJAAAAaGVsbG8udHh0aGVsbG8sIHppcApQSwMEFAAAAAgAFhp2XSZMC7cYAQAA\
                AAQAABAAAABkYXRhL251bWJlcnMuYmluY2BkYmZhZWPn4OTi5uHl4xcQFBIWERUTl5CUkpaRlZNXUFRSVlFVU9fQ1NLW0dXT\
                NzA0MjYxNTO3sLSytrG1s3dwdHJ2cXVz9/D08vbx9fMPCAwKDgkNC4+IjIqOiY2LT0hMSk5JTUvPyMzKzsnNyy8oLCouKS0r\
                r6isqq6pratvaGxqbmlta+/o7Oru6e3rnzBx0uQpU6dNnzFz1uw5c+fNX7Bw0eIlS5ctX7Fy1eo1a9et37Bx0+YtW7dt37Fz\
                1+49e/ftP3Dw0OEjR48dP3Hy1OkzZ8+dv3Dx0uUrV69dv3Hz1u07d+/df/Dw0eMnT589f/Hy1es3b9+9//Dx0+cvX799//Hz\
                1+8/f//9Zxj1/6j/R7D/AVBLAwQUAAAACAAWGnZdAAAAAAIAAAAAAAAABQAAAGVtcHR5AwBQSwECFAMUAAAAAAAAACEAGzhy\
                ywsAAAALAAAACQAAAAAAAAAAAAAAgAEAAAAAaGVsbG8udHh0UEsBAhQDFAAAAAgAFhp2XSZMC7cYAQAAAAQAABAAAAAAAAAA\
                AAAAAIABMgAAAGRhdGEvbnVtYmVycy5iaW5QSwECFAMUAAAACAAWGnZdAAAAAAIAAAAAAAAABQAAAAAAAAAAAAAAgAF4AQAA\
                ZW1wdHlQSwUGAAAAAAMAAwCoAAAAnQEAAAAA
                """, options: .ignoreUnknownCharacters)!)

    func testListsAndExtractsStoredAndDeflatedMembers() throws {
        let archive = try ZipArchive(bytes: Self.fixture, source: "fixture.zip")
        XCTAssertEqual(archive.names, ["hello.txt", "data/numbers.bin", "empty"])
        XCTAssertEqual(try archive.extract("hello.txt"), Array("hello, zip\n".utf8))
        XCTAssertEqual(
            try archive.extract("data/numbers.bin"),
            Array(repeating: Array(0...255 as ClosedRange<UInt8>), count: 4).flatMap { $0 })
        XCTAssertEqual(try archive.extract("empty"), [])
        XCTAssertThrowsError(try archive.extract("missing")) {
            XCTAssertTrue("\($0)".contains("no member missing"), "\($0)")
        }
    }

    func testCorruptAndNonZipInputAreErrors() throws {
        var corrupt = Self.fixture
        corrupt[110] ^= 0xff   // inside the deflated data of data/numbers.bin
        XCTAssertThrowsError(try ZipArchive(bytes: corrupt, source: "corrupt.zip").extract("data/numbers.bin")) {
            XCTAssertTrue("\($0)".contains("corrupt.zip"), "\($0)")
        }
        XCTAssertThrowsError(try ZipArchive(bytes: Array("not a zip at all, just some text".utf8), source: "text.zip"))
        {
            XCTAssertTrue("\($0)".contains("not a zip archive"), "\($0)")
        }
        XCTAssertThrowsError(try ZipArchive(bytes: Array(Self.fixture.prefix(300)), source: "cut.zip").extract("empty"))
    }
}
