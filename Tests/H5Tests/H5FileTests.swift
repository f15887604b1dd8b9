import H5
import TestSupport
import XCTest

final class H5FileTests: XCTestCase {
    var directory: URL!
    override func setUpWithError() throws { directory = try temporaryFolder("h5") }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testNestedGroupsAndListing() throws {
        let file = try H5File.create(path("groups.h5"))
        let c = try file.createGroup("a/b/c")
        XCTAssertEqual(c.objectPath, "/a/b/c")
        try file.createGroup("a/b2")
        try c.write([1, 2] as [Float], shape: [2], to: "x")
        try file.group("a").write([3] as [UInt8], shape: [1], to: "data")

        XCTAssertEqual(try file.children(), ["a"])
        XCTAssertEqual(try file.children(of: "a"), ["b", "b2", "data"])
        XCTAssertEqual(try file.group("a/b").children(), ["c"])
        XCTAssertTrue(file.contains("a/b/c/x"))
        XCTAssertFalse(file.contains("a/zz/c"))
        XCTAssertEqual(try file.kind(of: "a/b"), .group)
        XCTAssertEqual(try file.kind(of: "a/data"), .dataset)
        XCTAssertEqual(try file.group("a/b").read("c/x", as: Float.self).values, [1, 2])
        XCTAssertEqual(try file.createGroup("a/b").objectPath, "/a/b")
        assertThrows(try file.group("a/data"), containing: ["a/data is a dataset, expected a group"])
        assertThrows(try file.group("nope"), containing: ["group nope not found"])

        try file.remove("a/b")
        XCTAssertEqual(try file.children(of: "a"), ["b2", "data"])
    }

    func testAttributesOfEveryKind() throws {
        let filePath = path("attributes.h5")
        let file = try H5File.create(filePath)
        try file.write([1] as [Float], shape: [1], to: "g/d")
        try file.setAttribute("fixed", "héllo")
        try file.setAttribute("variable", "variable ünïcode", storage: .variableLength)
        try file.setAttribute("names", ["block1_conv1", "pool", ""])
        try file.setAttribute("vnames", ["a", "bcd"], storage: .variableLength, on: "g")
        try file.setAttribute("empty", [String](), on: "g")
        try file.setAttribute("emptyDoubles", [Double](), on: "g")
        try file.setAttribute("count", Int64(-42), on: "g/d")
        try file.setAttribute("rate", 1e-3, on: "g/d")
        try file.setAttribute("ints", [1, 2, 3] as [Int64], on: "g")
        try file.setAttribute("doubles", [0.5, 2.5], on: "g")
        try file.setAttribute("count", Int64(7), on: "g/d")   // replaces
        file.close()

        let r = try H5File.open(filePath)
        XCTAssertEqual(try r.stringAttribute("fixed"), "héllo")
        XCTAssertEqual(try r.stringAttribute("variable"), "variable ünïcode")
        XCTAssertEqual(try r.stringArrayAttribute("names"), ["block1_conv1", "pool", ""])
        XCTAssertEqual(try r.group("g").stringArrayAttribute("vnames"), ["a", "bcd"])
        XCTAssertEqual(try r.stringArrayAttribute("empty", on: "g"), [])
        XCTAssertEqual(try r.stringArrayAttribute("emptyDoubles", on: "g"), [])
        XCTAssertEqual(try r.int64Attribute("count", on: "g/d"), 7)
        XCTAssertEqual(try r.doubleAttribute("rate", on: "g/d"), 1e-3)
        XCTAssertEqual(try r.int64ArrayAttribute("ints", on: "g"), [1, 2, 3])
        XCTAssertEqual(try r.doubleArrayAttribute("doubles", on: "g"), [0.5, 2.5])
        XCTAssertEqual(try r.attributeNames(), ["fixed", "names", "variable"])
        XCTAssertTrue(r.hasAttribute("rate", on: "g/d"))
        XCTAssertFalse(r.hasAttribute("rate", on: "g"))
        assertThrows(
            try r.stringAttribute("missing", on: "g"), containing: [filePath, "attribute missing of g not found"])
        assertThrows(try r.stringAttribute("names"), containing: ["names", "3 values"])
        assertThrows(try r.stringAttribute("ints", on: "g"), containing: ["ints", "expected strings"])
        assertThrows(try r.int64Attribute("rate", on: "g/d"), containing: ["rate", "expected integers"])
    }

    func testAtomicWriteLeavesNoTemporaryAndKeepsOldFileOnFailure() throws {
        let filePath = path("atomic.h5")
        try H5File.writeAtomically(to: filePath) { file in try file.setAttribute("version", Int64(1)) }
        struct Failure: Error {}
        XCTAssertThrowsError(
            try H5File.writeAtomically(to: filePath) { file in
                try file.setAttribute("version", Int64(2))
                throw Failure()
            })
        XCTAssertEqual(try H5File.open(filePath).int64Attribute("version"), 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["atomic.h5"])
    }

    func testBadFilesAreClearErrors() throws {
        assertThrows(try H5File.open(path("missing.h5")), containing: ["missing.h5", "no such file"])
        assertThrows(try H5File.open(directory.path), containing: ["directory"])

        let text = path("text.h5")
        try "hello, not HDF5\n".write(toFile: text, atomically: true, encoding: .utf8)
        assertThrows(try H5File.open(text), containing: ["text.h5", "not an HDF5 file"])

        let full = path("full.h5")
        let file = try H5File.create(full)
        try file.write([Float](repeating: 2, count: 100_000), shape: [100_000], to: "group/data")
        try file.setAttribute("note", "some text")
        file.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
        let truncated = path("truncated.h5")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        assertThrows(try H5File.open(truncated), containing: ["truncated.h5", "truncated or corrupt"])

        assertThrows(try H5File.create(path("no/such/dir/x.h5")), containing: ["x.h5", "no/such/dir does not exist"])
    }
}
