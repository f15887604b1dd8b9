import StyleTransfer
import TestSupport
import XCTest

/// Checkpoints the fuzz harness `FuzzCheckpoint` found (Tests/Fuzz, docs/fuzzing.md), now
/// read with a clear error.
final class CheckpointFuzzTests: XCTestCase {
    /// One byte changed: the global heap's free space declares size 0, on which libhdf5 1.10.8
    /// looped forever reading `training_options` (faststyle hung).
    func testGlobalHeapThatLoopsLibHDF5IsRefused() throws {
        let path = TestPaths.fixture("fuzz/checkpoint-gcol-loop.h5")
        XCTAssertThrowsError(try Checkpoint.read(from: path)) { error in
            XCTAssertEqual(
                "\(error)",
                "\(path): damaged HDF5 file: the global heap at byte 4096 holds an object of size 0 at byte 4920 "
                    + "(the HDF5 library would loop forever reading it)")
        }
    }

    /// The bytes "GCOL" inside a dataset, declaring a global heap of 2⁶⁴ − 1 bytes: the check
    /// added for the file above overflowed adding that to the heap's position (a trap).
    func testGlobalHeapOfTheLargestSizeIsRefused() throws {
        let path = TestPaths.fixture("fuzz/checkpoint-gcol-check-overflow.h5")
        XCTAssertThrowsError(try Checkpoint.read(from: path)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path): "), "\(error)")
        }
    }

    /// The run's settings, a variable-length string, damaged: its length declared 4,294,966,513
    /// characters (libhdf5 took 4 GB before the read failed); and in a second input its
    /// characters declared 14.7 MB each (11 GB for 782 characters; that input also has a damaged
    /// symbol-table node, which is what refuses it now; the character size has its own test in
    /// `H5GlobalHeapFuzzTests`). Both refused before libhdf5 reads them.
    func testStringsThatWouldTakeGigabytesAreRefusedBeforeTheyAreRead() throws {
        let expected = [
            "checkpoint-vlen-string-4g-characters.h5":
                "attribute training_options declares a string of 4294966513 characters at byte 1496",
            "checkpoint-vlen-string-14mb-characters.h5":
                "the symbol-table node at byte 48630 puts the object header of its entry 3",
        ]
        for (name, problem) in expected {
            let path = TestPaths.fixture("fuzz/\(name)")
            XCTAssertThrowsError(try Checkpoint.read(from: path)) { error in
                XCTAssertTrue("\(error)".hasPrefix("\(path): damaged HDF5 file: "), "\(error)")
                XCTAssertTrue("\(error)".contains(problem), "\(error)")
            }
        }
    }

    /// Attribute messages declaring parts larger than themselves, which libhdf5 1.10.8 skips by
    /// without comparing them with the message: a datatype of 1 byte and a dataspace of 65,528
    /// (a 6-byte read past libhdf5's buffer under AddressSanitizer, suppressed in the fuzz runs
    /// from stop 37 to 40); and `training_options`' dataspace declared as 2,056 bytes instead of 8,
    /// which sent libhdf5 to a "string" of 1.1 GB past its buffer (the checkpoint harness's
    /// memory limit, stop 40). Refused before libhdf5 opens the file.
    func testAttributeMessagesDeclaringMoreThanTheyHoldAreRefused() throws {
        let expected = [
            "checkpoint-attribute-parts-beyond-message.h5":
                "the attribute message at byte 1368 declares a name of 18 bytes, a datatype of 1 and a dataspace "
                + "of 65528 in 56 bytes",
            "checkpoint-attribute-dataspace-of-2056-bytes.h5":
                "the attribute message at byte 1432 declares a name of 17 bytes, a datatype of 20 and a dataspace "
                + "of 2056 in 80 bytes",
            // `training_options`' variable-length string made an enumeration of 257 members in its
            // 20 bytes: libhdf5 copied their names past its buffer (the harness's run after the
            // suppressions were removed, stop 41, 223,848 executions).
            "checkpoint-enumeration-of-257-names-in-20-bytes.h5":
                "the attribute message at byte 1432 declares a malformed datatype of 20 bytes (libhdf5 would read "
                + "past it)",
            // The same string's size declared 15 bytes instead of 16: libhdf5 read a 16-byte
            // value from a 15-byte buffer (the harness's next run, 115,098 executions).
            // The same, with the superblock's base address changed to 251: the check had looked
            // for the root header 251 bytes on, libhdf5 (which counts from the superblock when the
            // two differ) read the real one (a 20-second CI-style run from the seeds, stop 41).
            "checkpoint-base-address-moved.h5":
                "the attribute message at byte 1432 declares a malformed datatype of 20 bytes (libhdf5 would read "
                + "past it)",
            "checkpoint-variable-length-of-15-bytes.h5":
                "the attribute message at byte 1432 declares a malformed datatype of 20 bytes (libhdf5 would read "
                + "past it)",
        ]
        for (name, problem) in expected {
            let path = TestPaths.fixture("fuzz/\(name)")
            XCTAssertThrowsError(try Checkpoint.read(from: path)) { error in
                XCTAssertEqual("\(error)", "\(path): damaged HDF5 file: \(problem)")
            }
        }
    }
}
