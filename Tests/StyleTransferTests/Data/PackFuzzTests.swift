import StyleTransfer
import TestSupport
import XCTest

/// Image packs the fuzz harness `FuzzPack` found (Tests/Fuzz, docs/fuzzing.md), now read with a
/// clear error.
final class PackFuzzTests: XCTestCase {
    /// Images of 8×8 stored in chunks 9,224 columns wide: libhdf5 1.10.8 copied a whole chunk
    /// past the end of the buffer for one image (a segmentation fault in `H5VM_memcpyvv`).
    func testChunksWiderThanTheImagesAreRefused() throws {
        let path = TestPaths.fixture("fuzz/pack-chunks-wider-than-images.h5")
        var failure: Error?
        do {
            let pack = try ImagePack(path: path)
            for index in 0..<pack.count { _ = try pack.image(at: index) }
        } catch {
            failure = error
        }
        let message = "\(try XCTUnwrap(failure, "the damaged pack was read"))"
        XCTAssertTrue(message.contains("damaged HDF5 file"), message)
        XCTAssertTrue(message.contains("larger than the dataset along axis 3"), message)
    }
}
