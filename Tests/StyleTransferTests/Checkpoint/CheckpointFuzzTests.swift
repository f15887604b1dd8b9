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
}
