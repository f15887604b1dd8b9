import Foundation
@testable import H5
import TestSupport
import XCTest

/// Attribute messages that declare more than they hold, which libhdf5 1.10.8 reads past its
/// buffer (found by the checkpoint fuzz harness, docs/fuzzing.md): refused before libhdf5 opens
/// the file, in the root group's header and in a dataset's.
final class H5ObjectHeaderFuzzTests: XCTestCase {
    /// A file with attributes on the root group and on a dataset in a group, and its bytes.
    private func smallFile() throws -> (path: String, bytes: [UInt8]) {
        let path = try temporaryFolder("h5").appendingPathComponent("attributes.h5").path
        try H5File.writeAtomically(to: path) { file in
            try file.setAttribute("settings", "{\"imageSize\": 256}")
            try file.write([Float](repeating: 1, count: 12), shape: [3, 4], to: "layer/kernel")
            try file.setAttribute("scales", [1.0, 2.0, 3.0], on: "layer/kernel")
        }
        return (path, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// The small file with the message of attribute `name` changed by `damage` (given the bytes
    /// and where the message starts: version, reserved, three sizes, then the name): opening it
    /// is refused, the error naming the file and saying `message(start)`.
    private func assertRefused(
        damaging name: String, _ damage: (inout [UInt8], Int) -> Void, saying message: (Int) -> String,
        line: UInt = #line
    ) throws {
        var (path, bytes) = try smallFile()
        XCTAssertNil(bytes.withUnsafeBytes { SymbolTableCheck.problem(in: $0) }, line: line)
        let pattern = Array(name.utf8) + [0]
        let at = try XCTUnwrap(
            (0...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) },
            line: line)
        let start = at - 8  // a version-1 attribute message, as libhdf5 writes by default
        XCTAssertEqual(bytes[start], 1, line: line)
        damage(&bytes, start)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try H5File.open(path), line: line) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path): damaged HDF5 file: "), "\(error)", line: line)
            XCTAssertTrue("\(error)".contains(message(start)), "\(error)", line: line)
        }
    }

    /// The root group's string attribute with its dataspace declared as 2,056 bytes (the
    /// fuzzer's change: libhdf5 took its value from past the header, a string of 1.1 GB).
    func testAPartLargerThanItsMessageIsRefused() throws {
        try assertRefused(damaging: "settings", { bytes, message in bytes[message + 7] = 0x08 }) {
            "the attribute message at byte \($0) declares a name of 9 bytes, a datatype of"
        }
    }

    /// A dataset's attribute of 3 doubles declared to hold 1,000: its value would be read past
    /// the message.
    func testAValueLargerThanItsMessageIsRefused() throws {
        try assertRefused(
            damaging: "scales",
            { bytes, message in
                // The dataspace (version 1: 8 bytes, then the first dimension) follows the
                // name and the datatype, each padded to 8 bytes.
                let typeSize = Int(bytes[message + 4]) | Int(bytes[message + 5]) << 8
                let dimension = message + 8 + 8 + (typeSize + 7) / 8 * 8 + 8
                XCTAssertEqual(bytes[dimension], 3)
                (bytes[dimension], bytes[dimension + 1]) = (0xE8, 0x03)
            }
        ) { "the attribute message at byte \($0) declares a value of 8000 bytes with 24 left in it" }
    }

    /// An enumeration whose member's name has lost its end (its NUL and padding): libhdf5 would
    /// copy it, and what follows, until some NUL.
    func testADatatypeWhoseNameRunsOnIsRefused() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: attributeTypes("v1"))))
        let pattern = Array("GREEN".utf8) + [0]
        let at = try XCTUnwrap(
            (0...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) })
        for i in 5..<8 { bytes[at + i] = 0x58 }
        let problem = bytes.withUnsafeBytes { SymbolTableCheck.problem(in: $0) }
        XCTAssertTrue(problem?.contains("declares a malformed datatype of") == true, problem ?? "passed")
    }

    /// Every kind of datatype h5py writes in an attribute (booleans and other enumerations,
    /// compounds with arrays, opaque, variable-length strings and sequences, strings, numbers; on
    /// the root group, a group and a dataset), in the oldest object headers and the newest
    /// (Fixtures/make_attribute_types.py): no intact file is taken for a damaged one. (The
    /// newest headers are not walked, their superblock being of version 2 or 3; and libhdf5
    /// 1.10.8 cannot list the attributes h5py's newer HDF5 writes in them, so only the oldest
    /// are read back.)
    func testEveryAttributeTypeH5pyWritesPasses() throws {
        for kind in ["v1", "latest"] {
            let path = attributeTypes(kind)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            XCTAssertNil(bytes.withUnsafeBytes { SymbolTableCheck.problem(in: $0) }, path)
            XCTAssertNoThrow(try H5File.open(path).close(), path)
        }
        let file = try H5File.open(attributeTypes("v1"))
        defer { file.close() }
        XCTAssertEqual(try file.attributeNames().count, 13)
        XCTAssertEqual(try file.stringAttribute("vlen"), "a variable string")
        XCTAssertEqual(try file.attributeNames(on: "g/d"), ["enum2"])
    }

    private func attributeTypes(_ kind: String) -> String {
        TestPaths.fixture("attribute-types-\(kind).h5", of: "H5Tests")
    }
}
