import Foundation
import Platform
import XCTest

/// Reading refuses what is not a regular file, at once and by name: a FIFO must not hang,
/// /dev/zero must not fill memory.
final class RegularFileTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("faststyle-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func assertRefused(_ path: String, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try RegularFile.read(path), file: file, line: line) { error in
            XCTAssertTrue(
                "\(error)".contains(fragment) && "\(error)".contains(path), "\(error)", file: file, line: line)
        }
    }

    func testReadsARegularFile() throws {
        FileManager.default.createFile(atPath: path("a"), contents: Data([1, 2, 3]))
        XCTAssertEqual(try RegularFile.read(path("a")), [1, 2, 3])
    }

    func testRefusesWhatIsNotARegularFile() throws {
        XCTAssertEqual(mkfifo(path("pipe.png"), 0o644), 0)
        assertRefused(path("pipe.png"), "named pipe (FIFO)")
        assertRefused("/dev/zero", "character device")
        assertRefused(folder.path, "a directory")
        assertRefused(path("absent.png"), "no such file")
        try FileManager.default.createSymbolicLink(atPath: path("loop.png"), withDestinationPath: "loop.png")
        assertRefused(path("loop.png"), "symbolic link loop")
        try FileManager.default.createSymbolicLink(atPath: path("dangling.png"), withDestinationPath: "nowhere.png")
        assertRefused(path("dangling.png"), "symbolic link to a missing file")
    }

    func testListingKeepsNamesThatAreNotUTF8() throws {
        let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".jpg".utf8)
        let full = Array(folder.path.utf8) + [0x2F] + name + [0]
        let descriptor = full.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        close(descriptor)
        try FileManager.default.createDirectory(atPath: path("sub"), withIntermediateDirectories: false)
        FileManager.default.createFile(atPath: path("sub/b.png"), contents: Data())
        try FileManager.default.createSymbolicLink(atPath: path("sub/up"), withDestinationPath: "..")
        let entries = try DirectoryListing.files(under: folder.path)
        XCTAssertEqual(Set(entries.map(\.displayPath)), ["caf\\xE9.jpg", "sub/b.png", "sub/up"])
        XCTAssertEqual(entries.first { $0.relativePath == nil }?.relativeBytes, name)
    }
}
