import Foundation
import Platform
import XCTest

/// Atomic writes replace a file whole or not at all, keep its permissions, and clean up after
/// processes that died in the middle of one.
final class AtomicFileTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("faststyle-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func testWritesAndReplacesKeepingPermissions() throws {
        let target = path("a.txt")
        try AtomicFile.write(Array("one".utf8), to: target)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "one")
        chmod(target, 0o600)
        try AtomicFile.write(Array("two".utf8), to: target)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "two")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int, 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["a.txt"])
    }

    func testAFailedWriteLeavesThePreviousFile() throws {
        let target = path("b.txt")
        try AtomicFile.write(Array("kept".utf8), to: target)
        struct Stop: Error {}
        XCTAssertThrowsError(
            try AtomicFile.replace(target) { temporary in
                FileManager.default.createFile(atPath: temporary, contents: Data("partial".utf8))
                throw Stop()
            })
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "kept")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["b.txt"])
    }

    func testADirectoryOrADeviceIsNeverReplaced() throws {
        try FileManager.default.createDirectory(atPath: path("dir.png"), withIntermediateDirectories: false)
        XCTAssertThrowsError(try AtomicFile.write([1], to: path("dir.png"))) { error in
            XCTAssertTrue("\(error)".contains("is a directory"), "\(error)")
        }
        XCTAssertThrowsError(try AtomicFile.write([1], to: "/dev/null")) { error in
            XCTAssertTrue("\(error)".contains("character device"), "\(error)")
        }
        XCTAssertThrowsError(try AtomicFile.write([1], to: path("missing/x.png"))) { error in
            XCTAssertTrue("\(error)".contains("does not exist"), "\(error)")
        }
    }

    func testALinkIsWrittenThrough() throws {
        try AtomicFile.write(Array("old".utf8), to: path("real.txt"))
        try FileManager.default.createSymbolicLink(atPath: path("link.txt"), withDestinationPath: "real.txt")
        try AtomicFile.write(Array("new".utf8), to: path("link.txt"))
        XCTAssertEqual(try String(contentsOfFile: path("real.txt"), encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path("link.txt")), "real.txt")
    }

    func testStaleTemporaryFilesOfDeadProcessesAreRemoved() throws {
        // A PID that is not running: a child that has exited and been reaped.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        let stale = path(".c.h5.tmp-\(dead)"), staging = path(".p.h5.staging-\(dead)")
        let alive = path(".c.h5.tmp-1"), mine = path(".c.h5.tmp-\(getpid())"), other = path(".notes.tmp-x")
        for file in [stale, staging, alive, mine, other] {
            FileManager.default.createFile(atPath: file, contents: Data())
        }
        XCTAssertEqual(
            Set(StaleTemporaryFiles.remove(in: folder.path)), [".c.h5.tmp-\(dead)", ".p.h5.staging-\(dead)"])
        for file in [alive, mine, other] { XCTAssertTrue(FileManager.default.fileExists(atPath: file), file) }
    }

    func testNamesOfTemporaryFiles() {
        XCTAssertEqual(StaleTemporaryFiles.owner(ofName: ".run.h5.tmp-1234"), 1234)
        XCTAssertEqual(StaleTemporaryFiles.owner(ofName: ".pack.h5.staging-77"), 77)
        for name in ["run.h5.tmp-1234", ".tmp-12", ".run.h5.tmp-", ".run.h5.tmp-12a", ".run.h5.old-12"] {
            XCTAssertNil(StaleTemporaryFiles.owner(ofName: name), name)
        }
    }
}
