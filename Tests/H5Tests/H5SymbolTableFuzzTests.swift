import Foundation
@testable import H5
import TestSupport
import XCTest

/// Groups whose structures point outside the file, on which libhdf5 1.10.8 reads from address 0
/// (found by the pack fuzz harness, docs/fuzzing.md): refused before libhdf5 opens the file.
final class H5SymbolTableFuzzTests: XCTestCase {
    /// A file with one group holding one dataset, and its bytes.
    private func smallFile() throws -> (path: String, bytes: [UInt8]) {
        let path = try temporaryFolder("h5").appendingPathComponent("group.h5").path
        try H5File.writeAtomically(to: path) { file in
            try file.createGroup("layer")
            try file.write([Float](repeating: 1, count: 12), shape: [3, 4], to: "layer/kernel")
        }
        return (path, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    private func offsets(of signature: String, in bytes: [UInt8]) -> [Int] {
        let pattern = Array(signature.utf8)
        return (0...(bytes.count - pattern.count)).filter { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }

    /// The small file with the first (or `last`) structure of `signature` damaged by `damage`
    /// (given the bytes and where the structure starts): opening it is refused, the error naming
    /// the file and saying `message(start)`.
    private func assertRefused(
        damaging signature: String, last: Bool = false, _ damage: (inout [UInt8], Int) -> Void,
        saying message: (Int) -> String, line: UInt = #line
    ) throws {
        var (path, bytes) = try smallFile()
        XCTAssertNil(bytes.withUnsafeBytes { SymbolTableCheck.problem(in: $0) }, line: line)
        XCTAssertNoThrow(try H5File.open(path).children(of: "/"), line: line)
        let found = offsets(of: signature, in: bytes)
        let start = try XCTUnwrap(last ? found.last : found.first, line: line)
        damage(&bytes, start)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try H5File.open(path), line: line) { error in
            XCTAssertTrue("\(error)".hasPrefix(path), "\(error)", line: line)
            XCTAssertTrue("\(error)".contains(message(start)), "\(error)", line: line)
        }
    }

    func testAGroupNodeWhoseChildIsOutsideTheFileIsRefused() throws {
        // Child 0 at the undefined address, as the fuzzer set it.
        try assertRefused(damaging: "TREE", { bytes, tree in for i in 0..<8 { bytes[tree + 32 + i] = 0xFF } }) {
            "the group B-tree node at byte \($0) points its child 0 to byte 18446744073709551615"
        }
    }

    /// The same with the node's sibling addresses damaged too, which made the signature scan
    /// take it for pixels (the pack fuzzer, stop 41): the B-trees the file names, the root's in the
    /// superblock and a subgroup's in its parent's symbol-table node, are checked whatever their
    /// siblings say.
    func testANamedGroupNodeWithDamagedSiblingsIsChecked() throws {
        for last in [false, true] {
            try assertRefused(
                damaging: "TREE", last: last,
                { bytes, tree in for i in 0..<8 { (bytes[tree + 8 + i], bytes[tree + 32 + i]) = (0x89, 0xFF) } }
            ) {
                "the group B-tree node at byte \($0) points its child 0 to byte 18446744073709551615"
            }
        }
    }

    func testASymbolWhoseObjectIsOutsideTheFileIsRefused() throws {
        // Entry 0's object header at 2⁴⁰ and more.
        try assertRefused(damaging: "SNOD", { bytes, node in bytes[node + 8 + 8 + 5] = 0x01 }) {
            "the symbol-table node at byte \($0) puts the object header of its entry 0"
        }
    }

    func testAHeapLargerThanTheFileIsRefused() throws {
        // Its names' size + 2³⁴ bytes.
        try assertRefused(damaging: "HEAP", { bytes, heap in bytes[heap + 8 + 4] = 0x04 }) {
            "the local heap at byte \($0) declares"
        }
    }

    /// No intact file is taken for a damaged one: the seeds of the fuzzers' corpora (but those
    /// whose groups are damaged) and the built-in styles' network.
    func testIntactFilesPass() throws {
        var files = [TestPaths.repositoryFile("weights/styles.h5")]
        for corpus in ["checkpoint", "vgg", "pack"] {
            let folder = TestPaths.repositoryFile("Tests/Fuzz/Corpus/\(corpus)")
            files += try FileManager.default.contentsOfDirectory(atPath: folder).filter {
                ![
                    "group-child-undefined.h5", "root-tree-damaged-with-its-siblings.h5", "heap-of-17gb.h5",
                    "vlen-string-14mb-characters.h5", "attribute-parts-beyond-message.h5",
                    "attribute-dataspace-of-2056-bytes.h5", "compact-kernel-without-data.h5",
                    "enumeration-of-257-names-in-20-bytes.h5", "variable-length-of-15-bytes.h5",
                    "header-block-of-17gb.h5", "base-address-moved.h5", "heap-of-17gb-beyond-the-file.h5",
                    "heap-of-17gb-scratch-pad-elsewhere.h5", "pipeline-of-32-filters-in-one.h5",
                ].contains($0)
            }.map { "\(folder)/\($0)" }
        }
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            XCTAssertNil(bytes.withUnsafeBytes { SymbolTableCheck.problem(in: $0) }, file)
        }
    }
}
