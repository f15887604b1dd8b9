import Foundation
import H5
import Imaging
import StyleTransfer
import Tensors
import TestSupport
import XCTest

/// Image folders, packs and training batches, on real photos of `datasets/content`.
final class DatasetTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("data")
    }

    private static let contentFolder = TestPaths.repositoryRoot.appendingPathComponent("datasets/content")

    /// The first `count` photos of datasets/content, by name.
    private func photos(_ count: Int) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.contentFolder.path)
            .filter { $0.hasSuffix(".jpg") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, count)
        return names.prefix(count).map { Self.contentFolder.appendingPathComponent($0) }
    }

    private func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    /// Copies `source` to `relative` (creating folders); `truncatedTo` keeps only that many bytes.
    @discardableResult
    private func copy(_ source: URL, to relative: String, truncatedTo length: Int? = nil) throws -> String {
        let destination = directory.appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        var data = try Data(contentsOf: source)
        if let length { data = data.prefix(length) }
        try data.write(to: destination)
        return destination.path
    }

    /// A folder `name` of `good` photos and, if asked, one truncated (undecodable) JPEG.
    private func makeFolder(_ name: String, good: Int, corrupt: Bool) throws -> (folder: String, photos: [URL]) {
        let sources = try photos(good + 1)
        for (i, source) in sources.prefix(good).enumerated() {
            try copy(source, to: "\(name)/photo\(i).jpg")
        }
        if corrupt { try copy(sources[good], to: "\(name)/broken.jpg", truncatedTo: 600) }
        return (path(name), Array(sources.prefix(good)))
    }

    // MARK: ImageFolder

    func testImageFolderFindsImagesRecursivelyInPathOrder() throws {
        let sources = try photos(3)
        try copy(sources[0], to: "tree/b.JPG")
        try copy(sources[1], to: "tree/a/nested.jpeg")
        try copy(sources[2], to: "tree/c.png.jpg")
        try Data("not an image".utf8).write(to: directory.appendingPathComponent("tree/notes.txt"))
        let folder = try ImageFolder(path: path("tree"))
        XCTAssertEqual(folder.count, 3)
        XCTAssertEqual((0..<folder.count).map(folder.name(at:)), ["a/nested.jpeg", "b.JPG", "c.png.jpg"])
        let image = try folder.image(at: 0)
        XCTAssertEqual(image, try Image(contentsOf: sources[1].path))
    }

    // MARK: Packs

    func testPackRoundTripSkipsTheCorruptFile() throws {
        let (folder, originals) = try makeFolder("five", good: 4, corrupt: true)
        var skippedEvents = [String]()
        let output = path("pack.h5")
        let summary = try ImagePackWriter.pack(folder: folder, output: output, size: 32) { event in
            if case .skipped(_, _, let name, _) = event { skippedEvents.append(name) }
        }
        XCTAssertEqual(summary.written, 4)
        XCTAssertEqual(summary.skipped, ["broken.jpg"])
        XCTAssertEqual(skippedEvents, ["broken.jpg"])
        XCTAssertGreaterThan(summary.fileSize, 0)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }, [],
            "no staging file left behind")

        let pack = try ImagePack(path: output)
        XCTAssertEqual(pack.count, 4)
        XCTAssertEqual(try H5File.open(output).shape(of: "images"), [4, 3, 32, 32])
        for (i, original) in originals.enumerated() {
            XCTAssertEqual(pack.name(at: i), "photo\(i).jpg")
            let decoded = try Image(contentsOf: original.path)
            // Short side to 32, then the central square, computed here independently.
            let scale = 32.0 / Double(min(decoded.width, decoded.height))
            let (w, h) = (
                Int((Double(decoded.width) * scale).rounded()), Int((Double(decoded.height) * scale).rounded())
            )
            let expected = decoded.resized(width: w, height: h).cropped(
                x: (w - 32) / 2, y: (h - 32) / 2, width: 32, height: 32)
            let stored = try pack.image(at: i)
            XCTAssertEqual(stored.width, 32)
            XCTAssertEqual(stored.height, 32)
            let worst = zip(stored.pixels, expected.pixels).map { abs($0 - min(max($1, 0), 255)) }.max()!
            XCTAssertLessThanOrEqual(worst, 0.5 + 1e-3, "image \(i) differs from resize + centre crop by \(worst)")
        }
    }

    func testJohnsonLayoutPackIsReadBySplit() throws {
        let output = path("johnson.h5")
        let train = (0..<(2 * 3 * 4 * 5)).map { UInt8($0) }
        let file = try H5File.create(output)
        try file.write(train, shape: [2, 3, 4, 5], to: "train2014/images")
        try file.write([UInt8](repeating: 7, count: 3 * 4 * 5), shape: [1, 3, 4, 5], to: "val2014/images")
        file.close()
        let pack = try ImagePack(path: output)
        XCTAssertEqual(pack.count, 2)
        XCTAssertEqual(pack.name(at: 1), "train2014/images[1]")
        XCTAssertEqual(try pack.image(at: 1).pixels, train[60...].map(Float.init))
        let validation = try ImagePack(path: output, split: "val2014")
        XCTAssertEqual(validation.count, 1)
        XCTAssertEqual(try validation.image(at: 0).pixels, [Float](repeating: 7, count: 60))
    }

    func testPackNamesMayBeAStringArrayAttribute() throws {
        let output = path("attribute-names.h5")
        let file = try H5File.create(output)
        try file.write([UInt8](repeating: 200, count: 2 * 3 * 2 * 2), shape: [2, 3, 2, 2], to: "images")
        try file.setAttribute("names", ["first.jpg", "second.png"], storage: .variableLength, on: "images")
        file.close()
        let pack = try ImagePack(path: output)
        XCTAssertEqual([pack.name(at: 0), pack.name(at: 1)], ["first.jpg", "second.png"])
        XCTAssertEqual(try pack.image(at: 1), Image(width: 2, height: 2, fill: 200))
    }

    // MARK: Training batches

    func testBatchesAreDeterministicPerSeedAndIteration() throws {
        let collection = try ImageFolder(path: Self.contentFolder.path)
        let first = try TrainingBatches(collection: collection, imageSize: 24, batchSize: 2, seed: 42)
        let second = try TrainingBatches(
            collection: ImageFolder(path: Self.contentFolder.path), imageSize: 24, batchSize: 2, seed: 42)
        let a = try first.batch(iteration: 5)
        XCTAssertEqual(a.images.shape, [2, 3, 24, 24])
        XCTAssertEqual(a.names.count, 2)
        _ = try second.batch(iteration: 0)   // a different history must not change batch 5
        let b = try second.batch(iteration: 5)
        XCTAssertEqual(a.names, b.names)
        XCTAssertEqual(a.images.toArray(), b.images.toArray())
        let next = try first.batch(iteration: 6)
        XCTAssertNotEqual(a.images.toArray(), next.images.toArray())
        let otherSeed = try TrainingBatches(collection: collection, imageSize: 24, batchSize: 2, seed: 43).batch(
            iteration: 5)
        XCTAssertNotEqual(a.images.toArray(), otherSeed.images.toArray())
        XCTAssertTrue(a.images.toArray().allSatisfy { $0.isFinite && $0 > -30 && $0 < 285 })
    }

    func testEveryImageAppearsOncePerEpoch() throws {
        let (folder, _) = try makeFolder("seven", good: 7, corrupt: false)
        let collection = try ImageFolder(path: folder)
        // Batches of 3 over 7 images: batch 2 straddles the first epoch boundary.
        let batches = try TrainingBatches(collection: collection, imageSize: 8, batchSize: 3, seed: 1)
        let stream = try (0..<5).flatMap { try batches.batch(iteration: $0).names }
        let all = (0..<7).map(collection.name(at:)).sorted()
        XCTAssertEqual(stream[0..<7].sorted(), all)
        XCTAssertEqual(stream[7..<14].sorted(), all)
        XCTAssertNotEqual(Array(stream[0..<7]), Array(stream[7..<14]), "each epoch has its own order")
    }

    func testCorruptImageIsSkippedOnceAndBatchesStayFull() throws {
        let (folder, _) = try makeFolder("mixed", good: 3, corrupt: true)
        let batches = try TrainingBatches(collection: ImageFolder(path: folder), imageSize: 8, batchSize: 4, seed: 9)
        var reported = [String]()
        batches.onSkip = { name, _ in reported.append(name) }
        for iteration in 0..<4 {
            let batch = try batches.batch(iteration: iteration)
            XCTAssertEqual(batch.images.shape, [4, 3, 8, 8])
            XCTAssertFalse(batch.names.contains("broken.jpg"))
        }
        XCTAssertEqual(reported, ["broken.jpg"])
        XCTAssertEqual(batches.skipped, ["broken.jpg"])
    }

    func testAllUnreadableImagesIsAClearError() throws {
        let source = try photos(1)[0]
        try copy(source, to: "broken/a.jpg", truncatedTo: 300)
        try copy(source, to: "broken/b.jpg", truncatedTo: 300)
        let batches = try TrainingBatches(
            collection: ImageFolder(path: path("broken")), imageSize: 8, batchSize: 1, seed: 0)
        XCTAssertThrowsError(try batches.batch(iteration: 0)) { error in
            XCTAssertTrue("\(error)".contains("none of the 2 images can be read"), "\(error)")
        }
        XCTAssertThrowsError(try ImagePackWriter.pack(folder: path("broken"), output: path("none.h5"), size: 8)) {
            error in
            XCTAssertTrue("\(error)".contains(path("broken")), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("none.h5")))
    }

    // MARK: Bad input

    private func assertError(
        _ expression: @autoclosure () throws -> Any, mentions fragments: String..., line: UInt = #line
    ) {
        XCTAssertThrowsError(try expression(), line: line) { error in
            for fragment in fragments {
                XCTAssertTrue("\(error)".contains(fragment), "'\(error)' lacks '\(fragment)'", line: line)
            }
        }
    }

    func testBadInputGivesClearErrorsNamingThePath() throws {
        assertError(try ImageFolder(path: path("missing")), mentions: path("missing"), "no such folder")
        try FileManager.default.createDirectory(atPath: path("empty/sub"), withIntermediateDirectories: true)
        try Data("text".utf8).write(to: URL(fileURLWithPath: path("empty/readme.txt")))
        assertError(try ImageFolder(path: path("empty")), mentions: path("empty"), "holds no image")
        assertError(try ImagePack(path: path("missing.h5")), mentions: path("missing.h5"), "no such file")

        let text = path("notes.h5")
        try Data("just some text\n".utf8).write(to: URL(fileURLWithPath: text))
        assertError(try ImagePack(path: text), mentions: text, "not an image pack", "not an HDF5 file")

        let weights = path("weights.h5")
        let file = try H5File.create(weights)
        try file.write([Float](repeating: 0, count: 6), shape: [2, 3], to: "block1_conv1/kernel")
        file.close()
        assertError(try ImagePack(path: weights), mentions: weights, "no dataset images", "block1_conv1")

        let wrongType = path("floats.h5")
        let floats = try H5File.create(wrongType)
        try floats.write([Float](repeating: 0, count: 12), shape: [1, 3, 2, 2], to: "images")
        floats.close()
        assertError(try ImagePack(path: wrongType), mentions: wrongType, "float32", "expected uint8")

        let wrongRank = path("flat.h5")
        let flat = try H5File.create(wrongRank)
        try flat.write([UInt8](repeating: 0, count: 12), shape: [12], to: "images")
        flat.close()
        assertError(try ImagePack(path: wrongRank), mentions: wrongRank, "shape [12]", "N×3×H×W")
        assertError(
            try ImagePack(path: wrongRank, split: "train2014"), mentions: wrongRank, "no dataset train2014/images")
    }
}
