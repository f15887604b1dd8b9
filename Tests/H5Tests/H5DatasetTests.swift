import CHDF5
import H5
import TestSupport
import XCTest

final class H5DatasetTests: XCTestCase {
    var directory: URL!
    override func setUpWithError() throws { directory = try temporaryFolder("h5") }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// float16 datasets (model-only checkpoints written with --half) read back as float32: each
    /// value the nearest half of what was written, exactly, whether read whole (widened by
    /// faststyle) or by rows (converted by libhdf5).
    func testFloat16ReadsBackAsTheNearestHalves() throws {
        var generator = SystemRandomNumberGenerator()
        let special: [Float] = [0, -0.0, 1.0 / 3, 65504, -65504, 6e-8, -2.5e-7, 1e-3, 0.1, -7.25]
        let values = special + (0..<10_000).map { _ in Float.random(in: -300...300, using: &generator) }
        let filePath = path("half.h5")
        let file = try H5File.create(filePath)
        try file.write(values, shape: [values.count / 5, 5], to: "half", storedAs: .float16)
        file.close()

        let reopened = try H5File.open(filePath)
        XCTAssertEqual(try reopened.elementType(of: "half"), .float16)
        let expected = values.map { Float(Float16($0)) }
        let whole = try reopened.read("half", as: Float.self)
        XCTAssertEqual(whole.shape, [values.count / 5, 5])
        XCTAssertEqual(whole.values.map(\.bitPattern), expected.map(\.bitPattern))
        let rows = try reopened.read("half", as: Float.self, rows: 1..<3)
        XCTAssertEqual(rows.values.map(\.bitPattern), expected[5..<15].map(\.bitPattern))
    }

    func testRoundTripEveryTypeAndRank() throws {
        let filePath = path("round.h5")
        let shapes: [[Int]] = [[], [5], [2, 3], [2, 1, 3], [1, 2, 2, 2], [0], [3, 0]]
        let file = try H5File.create(filePath)
        for (index, shape) in shapes.enumerated() {
            let count = shape.reduce(1, *)
            try file.write((0..<count).map { Float($0) * 0.5 - 1 }, shape: shape, to: "f32/\(index)")
            try file.write((0..<count).map { Double($0) / 3 }, shape: shape, to: "f64/\(index)")
            try file.write((0..<count).map { UInt8(truncatingIfNeeded: $0 * 37) }, shape: shape, to: "u8/\(index)")
            try file.write((0..<count).map { Int64($0) - (1 << 40) }, shape: shape, to: "i64/\(index)")
        }
        file.close()

        let reopened = try H5File.open(filePath)
        for (index, shape) in shapes.enumerated() {
            let count = shape.reduce(1, *)
            let f32 = try reopened.read("f32/\(index)", as: Float.self)
            XCTAssertEqual(f32.shape, shape)
            XCTAssertEqual(f32.values, (0..<count).map { Float($0) * 0.5 - 1 })
            XCTAssertEqual(
                try reopened.read("f64/\(index)", as: Double.self).values, (0..<count).map { Double($0) / 3 })
            XCTAssertEqual(
                try reopened.read("u8/\(index)", as: UInt8.self).values,
                (0..<count).map { UInt8(truncatingIfNeeded: $0 * 37) })
            XCTAssertEqual(
                try reopened.read("i64/\(index)", as: Int64.self).values, (0..<count).map { Int64($0) - (1 << 40) })
            XCTAssertEqual(try reopened.shape(of: "u8/\(index)"), shape)
        }
        XCTAssertEqual(try reopened.elementType(of: "f32/1"), .float32)
        XCTAssertEqual(try reopened.elementType(of: "i64/1"), .int64)
    }

    func testPartialReadsAndRowWrites() throws {
        let filePath = path("pack.h5")
        let file = try H5File.create(filePath)
        // An N×3×H×W uint8 pack, written one image at a time into a chunked, compressed dataset.
        try file.createDataset("train/images", of: UInt8.self, shape: [4, 3, 2, 5], chunkRows: 1, compressionLevel: 4)
        for image in 0..<4 {
            try file.write([UInt8](repeating: UInt8(image * 10), count: 30), rowsStartingAt: image, of: "train/images")
        }
        try file.write((0..<24).map { Float($0) }, shape: [6, 4], to: "matrix")
        file.close()

        let reopened = try H5File.open(filePath)
        let third = try reopened.readUInt8("train/images", rows: 2..<3)
        XCTAssertEqual(third.shape, [1, 3, 2, 5])
        XCTAssertEqual(third.values, [UInt8](repeating: 20, count: 30))
        let rows = try reopened.read("matrix", as: Float.self, rows: 1..<3)
        XCTAssertEqual(rows.shape, [2, 4])
        XCTAssertEqual(rows.values, (4..<12).map { Float($0) })
        XCTAssertEqual(try reopened.read("matrix", as: Float.self, rows: 6..<6).values, [])
        assertThrows(try reopened.readUInt8("train/images", rows: 3..<5), containing: ["train/images", "out of range"])
    }

    /// A chunk stored without its filters, its filter mask saying so (as HDF5's direct chunk
    /// writes, h5py's `write_direct_chunk`, and optional filters that fail store one), holding
    /// its whole size: the check that refuses a shorter one (PackFuzzTests) must pass it.
    func testChunksStoredWithoutTheirFiltersReadBack() throws {
        let filePath = path("raw-chunks.h5")
        let file = try H5File.create(filePath)
        try file.createDataset("images", of: UInt8.self, shape: [3, 3, 16, 16], chunkRows: 1, compressionLevel: 9)
        let flat = [UInt8](repeating: 9, count: 768)
        try file.write(flat, rowsStartingAt: 1, of: "images")
        file.close()
        let raw = (0..<2).map { row in (0..<768).map { UInt8(truncatingIfNeeded: $0 * 7 + row) } }
        let writable = H5Fopen(filePath, h5_acc_rdwr(), h5p_default())
        let dataset = H5Dopen2(writable, "images", h5p_default())
        for (row, values) in zip([0, 2], raw) {
            var offset: [hsize_t] = [hsize_t(row), 0, 0, 0]
            XCTAssertGreaterThanOrEqual(H5Dwrite_chunk(dataset, h5p_default(), 1, &offset, 768, values), 0)
        }
        for row in 0..<3 {
            var offset: [hsize_t] = [hsize_t(row), 0, 0, 0]
            var (mask, address, size): (UInt32, haddr_t, hsize_t) = (0, 0, 0)
            XCTAssertGreaterThanOrEqual(H5Dget_chunk_info_by_coord(dataset, &offset, &mask, &address, &size), 0)
            XCTAssertEqual(mask, row == 1 ? 0 : 1, "row \(row)")
            XCTAssertEqual(size == 768, row != 1, "row \(row): \(size) bytes")
        }
        H5Dclose(dataset)
        H5Fclose(writable)

        let reopened = try H5File.open(filePath)
        defer { reopened.close() }
        XCTAssertEqual(try reopened.readUInt8("images", rows: 0..<1).values, raw[0])
        XCTAssertEqual(try reopened.readUInt8("images", rows: 1..<3).values, flat + raw[1])
        XCTAssertEqual(try reopened.read("images", as: UInt8.self).values, raw[0] + flat + raw[1])
    }

    /// Chunks h5py deflates after shuffling, with a Fletcher-32 checksum after them, and edge
    /// chunks that reach past the dataset (stored whole, as HDF5 stores them): the check that each
    /// deflated chunk inflates to its size (PackFuzzTests) must pass them, whole and by rows.
    func testFilteredChunksOfOtherWritersReadBack() throws {
        let file = try H5File.open(TestPaths.repositoryFile("Tests/H5Tests/Fixtures/filtered-chunks.h5"))
        defer { file.close() }
        let images = try file.read("shuffled", as: UInt8.self)
        XCTAssertEqual(images.shape, [2, 3, 8, 8])
        XCTAssertEqual(images.values, (0..<384).map { UInt8($0 % 251) })
        XCTAssertEqual(try file.readUInt8("shuffled", rows: 1..<2).values, (192..<384).map { UInt8($0 % 251) })
        let edges = try file.read("edges", as: Float.self)
        XCTAssertEqual(edges.shape, [3, 3, 9, 10])
        XCTAssertEqual(edges.values, (0..<810).map { Float($0 % 251) })
        XCTAssertEqual(try file.read("edges", as: Float.self, rows: 2..<3).values, (540..<810).map { Float($0 % 251) })
    }

    func testWrongTypeRankAndMissingDatasetAreClearErrors() throws {
        let filePath = path("errors.h5")
        let file = try H5File.create(filePath)
        try file.write([Float](repeating: 1, count: 6), shape: [2, 3], to: "group/data")
        assertThrows(
            try file.read("group/data", as: Double.self),
            containing: [filePath, "group/data", "32-bit float", "float64"])
        assertThrows(try file.read("group/data", as: UInt8.self), containing: ["group/data", "uint8"])
        assertThrows(
            try file.read("group/data", as: Float.self, rank: 4),
            containing: ["group/data", "rank 2", "expected rank 4"])
        assertThrows(
            try file.read("group/missing", as: Float.self), containing: [filePath, "dataset group/missing not found"])
        assertThrows(
            try file.read("nogroup/deeper/x", as: Float.self), containing: ["dataset nogroup/deeper/x not found"])
        assertThrows(try file.read("group", as: Float.self), containing: ["group is a group, expected a dataset"])
        assertThrows(try file.write([1, 2, 3] as [Float], shape: [2, 2], to: "bad"), containing: ["bad", "3 values"])
        assertThrows(try file.write([1] as [Float], shape: [1], to: "group/data"), containing: ["already exists"])
        file.close()
        assertThrows(try file.read("group/data", as: Float.self), containing: ["closed"])

        let readOnly = try H5File.open(filePath)
        assertThrows(try readOnly.write([1] as [Float], shape: [1], to: "new"), containing: ["read-only"])
    }
}
