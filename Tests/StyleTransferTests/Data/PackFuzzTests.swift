import StyleTransfer
import TestSupport
import XCTest

/// HDF5 files the fuzz harnesses `FuzzPack` and `FuzzVGG` found (Tests/Fuzz, docs/fuzzing.md),
/// on which libhdf5 1.10.8 faulted, now read with a clear error.
final class PackFuzzTests: XCTestCase {
    /// Images of 8×8 stored in chunks 9,224 columns wide: libhdf5 1.10.8 copied a whole chunk
    /// past the end of the buffer for one image (a segmentation fault in `H5VM_memcpyvv`).
    func testChunksWiderThanTheImagesAreRefused() throws {
        try assertRefused(
            "fuzz/pack-chunks-wider-than-images.h5", saying: "damaged HDF5 file", "larger than the dataset along axis 3"
        )
    }

    /// The same chunks with the last dimension declared extendible (to 16,777,224): the next run
    /// of `FuzzPack` found the first guard, which allowed chunks up to the largest extent, did
    /// not stop libhdf5 from overrunning the buffer.
    func testChunksWiderThanTheImagesOfAnExtendiblePackAreRefused() throws {
        try assertRefused(
            "fuzz/pack-chunks-wider-than-images-extendible.h5", saying: "larger than the dataset along axis 3")
    }

    /// The names stored compactly (inside the dataset's header) with 0 of their 20 bytes: libhdf5
    /// copied them from address 0.
    func testCompactNamesWithoutTheirBytesAreRefused() throws {
        try assertRefused(
            "fuzz/pack-compact-names-without-data.h5", saying: "damaged HDF5 file", "stores 0 bytes of its 20")
    }

    /// Names declared as a huge number of empty rows (0 bytes in all, so libhdf5 reads them): the
    /// array of names was made before its count was compared with the images' (a fatal error).
    /// The count is compared first since (the hostile catalogue's "1 names for 2 images"); this
    /// file is now refused before that, its rows being beyond the dataspace's maximum of 2.
    func testNamesForFarMoreRowsThanImagesAreRefused() throws {
        try assertRefused(
            "fuzz/pack-names-of-huge-count.h5", saying: "dataset names of shape [32651097298436095, 0] exceeds its "
                + "maximum shape 2×10 along axis 0")
    }

    /// The root group's B-tree pointing its only child at HDF5's undefined address (2⁶⁴ − 1):
    /// libhdf5's address arithmetic wrapped and it copied from address 0 (a segmentation fault
    /// in `H5F__accum_read`, the 30-minute run of stop 40, after 222,655 executions).
    func testGroupPointingOutsideTheFileIsRefused() throws {
        try assertRefused(
            "fuzz/pack-group-child-undefined.h5", saying: "damaged HDF5 file",
            "the group B-tree node at byte 136 points its child 0 to byte 18446744073709551615")
    }

    /// The same child, and the node's sibling addresses damaged too (the pack fuzzer's run after
    /// the guard above): the signature scan took the node for pixels, libhdf5, which reads no
    /// siblings to list a group, copied from address 0 again. The B-tree the superblock names is
    /// now checked whatever its siblings say.
    func testRootGroupBTreeDamagedWithItsSiblingsIsRefused() throws {
        try assertRefused(
            "fuzz/pack-root-tree-damaged-with-its-siblings.h5", saying: "damaged HDF5 file",
            "the group B-tree node at byte 136 points its child 0 to byte 18446744073709551615")
    }

    /// The root group's local heap of names declaring 17 GB: libhdf5 asked for 17 GB (past the
    /// fuzzer's memory limit; without it, "cannot list group /").
    func testHeapLargerThanTheFileIsRefused() throws {
        try assertRefused(
            "fuzz/pack-heap-of-17gb.h5", saying: "the local heap at byte 680 declares 17179869272 bytes of names")
    }

    /// The same heap's names moved to byte 16,777,944 as well, beyond the 7,776-byte file: the
    /// signature scan passed it over as no heap, but it is the root group's, and libhdf5 asked
    /// for the 17 GB before it looked at the address (the pack fuzzer from its seeds, stop 42).
    func testNamedHeapBeyondTheFileIsRefused() throws {
        try assertRefused(
            "fuzz/pack-heap-of-17gb-beyond-the-file.h5",
            saying: "the local heap at byte 680 declares 17179869272 bytes of names at byte 16777944")
    }

    /// The same heap, with the superblock's cached copy of the root group's heap address moved
    /// 4 GB past it: libhdf5 looks names up through the root's object header (its symbol-table
    /// message), which still named the heap at byte 680 (the pack fuzzer from its seeds, stop 42).
    func testHeapNamedByTheRootHeaderIsRefused() throws {
        try assertRefused(
            "fuzz/pack-heap-of-17gb-scratch-pad-elsewhere.h5",
            saying: "the local heap at byte 680 declares 17179869272 bytes of names at byte 16777944")
    }

    /// The images' filter pipeline message says 32 filters where it holds one (deflate):
    /// libhdf5 decoded 31 more from past the header and copied their "names" up to whatever NUL
    /// it found (a heap over-read opening the dataset; the pack fuzzer, stop 42).
    func testPipelineDeclaringMoreFiltersThanItHoldsIsRefused() throws {
        try assertRefused(
            "fuzz/pack-pipeline-of-32-filters-in-one.h5",
            saying: "the filter pipeline message at byte 944 declares 32 filters")
    }

    /// The first image's chunk put at byte 0 with 100,663,327 bytes (its index damaged, and the
    /// filter pipeline message turned into one of an unknown type that libhdf5 passes over):
    /// libhdf5 copied the image's 192 bytes out of an 8-byte buffer (a heap over-read; the pack
    /// fuzzer, stop 42). A chunk must lie in the file, after its superblock.
    func testChunkAtByteZeroIsRefused() throws {
        try assertRefused(
            "fuzz/pack-chunk-at-byte-0.h5",
            saying: "chunk at [0, 0, 0, 0] is stored at byte 0 in 100663327 bytes, outside the file's 7776")
    }

    /// Images declared 8×10,248 pixels in chunks of 8×9,224 (edge chunks reaching past the
    /// dataset are legitimate HDF5), the first image's deflated chunk still the 31 bytes of an
    /// 8×8 image: libhdf5 inflated them to 192 bytes and copied the chunk's 221,376 out of that
    /// buffer (a heap over-read; the pack fuzzer, stop 42).
    func testDeflatedChunkShorterThanItsSizeIsRefused() throws {
        try assertRefused(
            "fuzz/pack-deflated-chunk-shorter-than-its-size.h5",
            saying: "chunk at [0, 0, 0, 0] inflates to 192 bytes of its 221376")
    }

    /// One bit of an image chunk's filter mask changed: the 31-byte deflated chunk marked as
    /// stored without deflate, and libhdf5 copied the 192 bytes of an 8×8 image out of it (a heap
    /// over-read under AddressSanitizer, stop 40; without one, training read stray memory).
    func testChunkMarkedUnfilteredButShorterThanItsImageIsRefused() throws {
        try assertRefused(
            "fuzz/pack-chunk-marked-unfiltered.h5", saying: "damaged HDF5 file",
            "chunk at [0, 0, 0, 0] is marked as stored without its filters, in 31 bytes of its 192")
    }

    /// Images declared 11,520×8 pixels in a dataspace whose maximum is 8×8, which HDF5 never
    /// writes: libhdf5 read 1,440 missing chunks per image (a 41-second timeout under
    /// AddressSanitizer, the pack fuzzer's run of stop 41).
    func testShapeBeyondItsMaximumIsRefused() throws {
        try assertRefused(
            "fuzz/pack-shape-beyond-its-maximum.h5", saying: "damaged HDF5 file",
            "dataset images of shape [2, 3, 11520, 8] exceeds its maximum shape 2×3×8×8 along axis 2")
    }

    /// The root group's object header continued in a block declared 17 GB long: libhdf5 asked
    /// for the memory before reading it (the pack fuzzer, stop 41, past its malloc limit).
    func testObjectHeaderBlockLargerThanTheFileIsRefused() throws {
        try assertRefused(
            "fuzz/pack-header-block-of-17gb.h5", saying: "damaged HDF5 file",
            "the object header at byte 96 declares 17179869584 bytes of messages at byte 7376, beyond the file's "
                + "7776 bytes")
    }

    /// The images' filter pipeline lost, their chunks still deflated (31 bytes each): libhdf5
    /// read the 192 bytes of a raw chunk out of them (a 20-second CI-style run from the seeds,
    /// stop 41). Chunks of a dataset without filters must store their whole size.
    func testChunksWithoutFiltersShorterThanAnImageAreRefused() throws {
        try assertRefused(
            "fuzz/pack-chunks-without-filters-short.h5", saying: "damaged HDF5 file",
            "chunk at [0, 0, 0, 0] is stored without filters, in 31 bytes of its 192")
    }

    /// The same in a VGG weights file (`FuzzVGG`'s 30-minute run): the first layer's kernel stored
    /// compactly with none of its 6,912 bytes. The fuzzer had also damaged two attribute
    /// messages (a dataspace of 2,025 bytes in a message of 96), which the check of object
    /// headers at opening (stop 41) now refuses first.
    func testVGGKernelWithoutItsBytesIsRefused() throws {
        let path = TestPaths.fixture("fuzz/vgg-compact-kernel-without-data.h5")
        XCTAssertThrowsError(try VGGWeights.load(from: path, upTo: "block1_conv1")) { error in
            XCTAssertTrue(
                "\(error)".contains(
                    "damaged HDF5 file: the attribute message at byte 832 declares a name of 12 bytes, a datatype "
                        + "of 8 and a dataspace of 2025 in 96 bytes"), "\(error)")
        }
    }

    /// Reading the pack `fixture` and every image in it fails with an error holding `fragments`.
    private func assertRefused(_ fixture: String, saying fragments: String..., line: UInt = #line) throws {
        let message = try readingError(fixture)
        for fragment in fragments { XCTAssertTrue(message.contains(fragment), message, line: line) }
    }

    /// The error reading the pack and every image in it gave.
    private func readingError(_ fixture: String) throws -> String {
        let path = TestPaths.fixture(fixture)
        var failure: Error?
        do {
            let pack = try ImagePack(path: path)
            for index in 0..<pack.count { _ = try pack.image(at: index) }
        } catch {
            failure = error
        }
        return "\(try XCTUnwrap(failure, "the damaged pack \(fixture) was read"))"
    }
}
