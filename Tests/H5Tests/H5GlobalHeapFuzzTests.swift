import Foundation
@testable import H5
import TestSupport
import XCTest

/// A file the checkpoint fuzz harness found (docs/fuzzing.md): one byte of a checkpoint changed
/// so that its global heap's free space declares size 0, on which libhdf5 1.10.8 loops forever
/// when it reads a variable-length string (the checkpoint's `training_options`). It must be
/// refused with a message before libhdf5 reads it.
final class H5GlobalHeapFuzzTests: XCTestCase {
    private func fileWithVariableLengthString() throws -> (path: String, bytes: [UInt8], heap: Int) {
        let directory = try temporaryFolder("h5")
        let path = directory.appendingPathComponent("strings.h5").path
        try H5File.writeAtomically(to: path) { file in
            try file.setAttribute(
                "training_options", String(repeating: "{\"options\": 1}", count: 20), storage: .variableLength)
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let heap = try XCTUnwrap((0..<(bytes.count - 4)).first { bytes[$0..<($0 + 4)].elementsEqual("GCOL".utf8) })
        return (path, bytes, heap)
    }

    func testIntactGlobalHeapIsRead() throws {
        let (path, _, _) = try fileWithVariableLengthString()
        XCTAssertNil(GlobalHeapCheck.problem(inFileAt: path))
        XCTAssertTrue(try H5File.open(path).stringAttribute("training_options").hasPrefix("{\"options\": 1}"))
    }

    func testFreeSpaceOfSizeZeroIsRefusedNotAnEndlessLoop() throws {
        var (path, bytes, heap) = try fileWithVariableLengthString()
        // Walk to the free-space object (index 0) and set its size to 0, as the fuzzer did.
        var object = heap + 16
        while bytes[object] != 0 || bytes[object + 1] != 0 {
            let size = bytes[(object + 8)..<(object + 16)].reversed().reduce(0) { $0 << 8 | Int($1) }
            object += 16 + (size + 7) / 8 * 8
        }
        for i in 8..<16 { bytes[object + i] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try H5File.open(path)) { error in
            XCTAssertTrue("\(error)".contains("global heap at byte \(heap) holds an object of size 0"), "\(error)")
            XCTAssertTrue("\(error)".hasPrefix(path), "\(error)")
        }
    }

    func testObjectBeyondTheHeapIsRefused() throws {
        var (path, bytes, heap) = try fileWithVariableLengthString()
        // The first object (the string) claims 2⁶² bytes.
        bytes[heap + 16 + 15] = 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try H5File.open(path)) { error in
            XCTAssertTrue("\(error)".contains("beyond the heap's end"), "\(error)")
        }
    }
}

extension H5GlobalHeapFuzzTests {
    /// The check's own arithmetic on the largest sizes (the fuzzer found it overflowing).
    func testLargestDeclaredSizesAreWalkedWithoutOverflow() {
        // A collection of 64 bytes (the whole "file") whose object 1 declares 2⁶³ − 1 bytes.
        var bytes = Array("GCOL".utf8) + [1, 0, 0, 0] + [64, 0, 0, 0, 0, 0, 0, 0]
        bytes += [1, 0, 1, 0, 0, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 7) + [0x7F]
        bytes += [UInt8](repeating: 0, count: 32)
        let problem = bytes.withUnsafeBytes { GlobalHeapCheck.problem(in: $0) }
        XCTAssertTrue(problem?.contains("beyond the heap's end") == true, "\(String(describing: problem))")
        // Declaring more than the file holds (2⁶⁴ − 1 bytes): not a collection libhdf5 can load.
        for i in 8..<16 { bytes[i] = 0xFF }
        XCTAssertNil(bytes.withUnsafeBytes { GlobalHeapCheck.problem(in: $0) })
    }

    /// The checkpoint the fuzzer turned into a segmentation fault in libhdf5 (`H5HG_read`): its
    /// `training_options` refer to object 65531 of a heap that holds object 1 only. Refused with
    /// a message, never handed to libhdf5; the same change made to an intact file, likewise.
    func testReferenceToAMissingObjectIsRefusedNotACrash() throws {
        let known = TestPaths.repositoryFile("Tests/Fuzz/Known/libhdf5-global-heap-index-segv.h5")
        XCTAssertThrowsError(try H5File.open(known)) { error in
            XCTAssertTrue("\(error)".contains("refers to object 65531 of the global heap at byte 4096"), "\(error)")
        }
        var (path, bytes, heap) = try fileWithVariableLengthString()
        let length = String(repeating: "{\"options\": 1}", count: 20).utf8.count
        let reference =
            [UInt8](withUnsafeBytes(of: UInt32(length).littleEndian, Array.init))
            + [UInt8](withUnsafeBytes(of: UInt64(heap).littleEndian, Array.init))
        let at = try XCTUnwrap((0..<(bytes.count - 16)).first { bytes[$0..<($0 + 12)].elementsEqual(reference) })
        XCTAssertNil(bytes.withUnsafeBytes { GlobalHeapCheck.problem(in: $0) })
        bytes[at + 12] = 7   // object 7 instead of 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try H5File.open(path)) { error in
            XCTAssertTrue("\(error)".contains("refers to object 7 of the global heap at byte \(heap)"), "\(error)")
        }
        // Every intact file of the fuzzers' seed corpora passes.
        for corpus in ["checkpoint", "vgg", "pack"] {
            let folder = TestPaths.repositoryFile("Tests/Fuzz/Corpus/\(corpus)")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                XCTAssertNil(GlobalHeapCheck.problem(inFileAt: "\(folder)/\(name)"), name)
            }
        }
    }
}

extension H5GlobalHeapFuzzTests {
    /// A variable-length string whose characters are declared 14,745,601 bytes each, as the
    /// checkpoint fuzzer made one: libhdf5 converted 782 of them into 11 GB. Refused before.
    func testCharactersOfMegabytesAreRefused() throws {
        var (path, bytes, _) = try fileWithVariableLengthString()
        // The attribute's datatype: a variable-length string (class 9, version 1, type string),
        // then its character type (fixed-point, version 1) of 1 byte.
        let type = try XCTUnwrap(
            (0..<(bytes.count - 16)).first {
                bytes[$0] == 0x19 && bytes[$0 + 1] & 0x0F == 1 && bytes[$0 + 8] == 0x10 && bytes[$0 + 12] == 1
                    && bytes[$0 + 13] == 0
            })
        bytes[type + 12] = 0x01
        bytes[type + 13] = 0x00
        bytes[type + 14] = 0xE1   // 0x00E10001 = 14,745,601
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try H5File.open(path).stringAttribute("training_options")) { error in
            XCTAssertTrue("\(error)".contains("is a string of 14745601-byte characters"), "\(error)")
        }
    }
}
