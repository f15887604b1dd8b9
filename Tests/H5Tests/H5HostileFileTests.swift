import CHDF5
import Foundation
import H5
import TestSupport
import XCTest

/// Files whose structure lies: declared sizes far beyond memory (nothing stored), links that
/// loop or lead to other files. Reading them must fail with a message, never trap or hang.
final class H5HostileFileTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws { directory = try temporaryFolder("h5") }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A file made with the C API (structures this wrapper never writes).
    func makeRaw(_ name: String, _ body: (hid_t) -> Void) throws -> String {
        try H5File.create(path(name)).closeReportingErrors()   // the library set up as the wrapper does
        let file = H5Fopen(path(name), h5_acc_rdwr(), h5p_default())
        XCTAssertGreaterThanOrEqual(file, 0)
        body(file)
        H5Fclose(file)
        return path(name)
    }

    func declare(_ file: hid_t, _ name: String, _ dimensions: [UInt64]) {
        let space = H5Screate_simple(Int32(dimensions.count), dimensions, nil)
        let creation = H5Pcreate(h5p_dataset_create())
        H5Pset_chunk(creation, Int32(dimensions.count), [hsize_t](repeating: 1, count: dimensions.count))
        H5Dclose(H5Dcreate2(file, name, h5_native_float(), space, h5p_default(), creation, h5p_default()))
        H5Pclose(creation)
        H5Sclose(space)
    }

    func testDeclaredSizesBeyondMemoryAreRefusedBeforeReading() throws {
        let huge = try makeRaw("huge.h5") { file in
            declare(file, "square", [1 << 30, 1 << 30])
            declare(file, "wide", [2, 1 << 40])
            declare(file, "overflowing", [1 << 31, 1 << 31, 1 << 31])
        }
        let file = try H5File.open(huge)
        XCTAssertEqual(try file.shape(of: "square"), [1 << 30, 1 << 30])
        assertThrows(
            try file.read("square", as: Float.self), containing: ["huge.h5", "square", "needs 4 EiB", "available"])
        assertThrows(
            try file.read("overflowing", as: Float.self), containing: ["overflowing", "overflows 64-bit arithmetic"])
        assertThrows(try file.read("wide", as: Float.self, rows: 0..<1), containing: ["wide", "needs 4 TiB"])
    }

    func testAHardLinkCycleHasOneIdentity() throws {
        let cycle = try makeRaw("cycle.h5") { file in
            H5Gclose(H5Gcreate2(file, "group", h5p_default(), h5p_default(), h5p_default()))
            H5Lcreate_hard(file, "/group", file, "/group/again", h5p_default(), h5p_default())
        }
        let file = try H5File.open(cycle)
        XCTAssertEqual(try file.identity(of: "group"), try file.identity(of: "group/again/again/again"))
        XCTAssertNotEqual(try file.identity(of: "group"), try file.identity(of: "."))
    }

    func testExternalLinksAreNotFollowed() throws {
        let pipe = path("pipe.h5")
        XCTAssertEqual(mkfifo(pipe, 0o644), 0)
        let linked = try makeRaw("linked.h5") { file in
            H5Lcreate_external(pipe, "/data", file, "elsewhere", h5p_default(), h5p_default())
        }
        let file = try H5File.open(linked)
        XCTAssertTrue(file.contains("elsewhere"))
        assertThrows(
            try file.read("elsewhere", as: Float.self), containing: ["linked.h5", "external link", "not followed"])
        assertThrows(try H5File.open(pipe), containing: ["pipe.h5", "named pipe"])
    }

    func testAWholeFileIsWrittenAtomicallyFromMemory() throws {
        let target = path("atomic.h5")
        try H5File.writeAtomically(to: target) { try $0.write([Float(1), 2, 3], shape: [3], to: "values") }
        struct Stop: Error {}
        XCTAssertThrowsError(
            try H5File.writeAtomically(to: target) { file in
                try file.write([Float(9)], shape: [1], to: "values")
                throw Stop()
            })
        XCTAssertEqual(try H5File.open(target).read("values", as: Float.self).values, [1, 2, 3])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["atomic.h5"])
    }
}
