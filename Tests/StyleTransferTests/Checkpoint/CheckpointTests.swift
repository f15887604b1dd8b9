import Foundation
import H5
import StyleTransfer
import TestSupport
import XCTest

final class CheckpointTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("checkpoint")
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testRoundTripIsBitIdentical() throws {
        let settings = try TinyTraining.settings(iterations: 3)
        let trainer = try TinyTraining.trainer(settings)
        for _ in 0..<3 { try trainer.step() }
        try trainer.checkpoint().write(to: path("model.h5"))
        let read = try Checkpoint.read(from: path("model.h5"))
        XCTAssertEqual(read.iteration, 3)
        XCTAssertEqual(read.settings, settings)
        XCTAssertEqual(read.history, trainer.history)
        let network = try TransformerNet(settings: read.settings.network)
        try read.load(into: network, path: path("model.h5"))
        for (a, b) in zip(network.parameters, trainer.network.parameters) {
            XCTAssertEqual(a.name, b.name)
            XCTAssertEqual(a.value.toArray(), b.value.toArray(), a.name)   // bit-identical
        }
        XCTAssertEqual(read.optimizer, trainer.checkpoint().optimizer)
    }

    /// Gram targets are stored as upper triangles (version 3) and read back whole; a file of
    /// version 2 (whole matrices, as written before) still reads, to the same targets.
    func testStyleTargetsAreStoredAsUpperTriangles() throws {
        let trainer = try TinyTraining.trainer(try TinyTraining.settings(iterations: 1))
        let checkpoint = trainer.checkpoint()
        let layers = checkpoint.styleTargets.keys.sorted()
        XCTAssertFalse(layers.isEmpty)
        try checkpoint.write(to: path("packed.h5"))
        let file = try H5File.open(path("packed.h5"))
        XCTAssertEqual(try file.int64Attribute("version"), 3)
        for layer in layers {
            let (shape, values) = try XCTUnwrap(checkpoint.styleTargets[layer])
            let n = shape[1]
            for i in 0..<n {
                for j in 0..<n { XCTAssertEqual(values[i * n + j], values[j * n + i], "\(layer) not symmetric") }
            }
            XCTAssertEqual(try file.read("style/\(layer)", as: Float.self).shape, [1, n * (n + 1) / 2])
        }
        let read = try Checkpoint.read(from: path("packed.h5"))
        for layer in layers {
            XCTAssertEqual(read.styleTargets[layer]?.shape, checkpoint.styleTargets[layer]?.shape)
            XCTAssertEqual(read.styleTargets[layer]?.values, checkpoint.styleTargets[layer]?.values, layer)
        }

        // Version 2: the whole matrices.
        try FileManager.default.copyItem(atPath: path("packed.h5"), toPath: path("whole.h5"))
        let old = try H5File.open(path("whole.h5"), mode: .readWrite)
        try old.setAttribute("version", Int64(2))
        for layer in layers {
            let (shape, values) = try XCTUnwrap(checkpoint.styleTargets[layer])
            try old.remove("style/\(layer)")
            try old.write(values, shape: shape, to: "style/\(layer)")
        }
        try old.closeReportingErrors()
        let whole = try Checkpoint.read(from: path("whole.h5"))
        for layer in layers {
            XCTAssertEqual(whole.styleTargets[layer]?.values, checkpoint.styleTargets[layer]?.values, layer)
        }

        // Without Gram targets (a model-only file) a file keeps the version older readers read.
        try checkpoint.modelOnly.write(to: path("model.h5"))
        XCTAssertEqual(try H5File.open(path("model.h5")).int64Attribute("version"), 1)
    }

    func testCorruptCheckpointsAreClearErrors() throws {
        let text = path("notes.h5")
        FileManager.default.createFile(atPath: text, contents: Data("hello".utf8))
        XCTAssertThrowsError(try Checkpoint.read(from: text)) { XCTAssertTrue("\($0)".contains("notes.h5"), "\($0)") }
        XCTAssertThrowsError(try Checkpoint.read(from: TestPaths.fixture("vgg16_reference.h5"))) {
            XCTAssertTrue("\($0)".contains("not a faststyle checkpoint"), "\($0)")
        }
        XCTAssertThrowsError(try Checkpoint.read(from: path("absent.h5")))
    }

    /// The loss network's weights given for a checkpoint (a common slip) are named as such.
    func testVGGWeightsAreRecognized() throws {
        XCTAssertThrowsError(try Checkpoint.read(from: try TestPaths.vggWeights())) { error in
            XCTAssertEqual((error as? CheckpointError)?.holdsVGGWeights, true)
            XCTAssertTrue(error.localizedDescription.contains("VGG weights"), error.localizedDescription)
        }
    }

    /// One row format for the checkpoint's table and the CSV beside it; NaN where not validated.
    func testHistoryRows() throws {
        let terms = LossTerms(content: 1, style: 2, totalVariation: 3, total: 4)
        let entries = [
            HistoryEntry(iteration: 7, terms: terms, seconds: 1.5),
            HistoryEntry(
                iteration: 8, terms: terms, seconds: 2.25,
                validation: LossTerms(content: 5, style: 6, totalVariation: 7, total: 8)),
        ]
        for entry in entries {
            XCTAssertEqual(entry.row.count, HistoryEntry.columns.count)
            XCTAssertEqual(try HistoryEntry(row: entry.row), entry)
        }
        XCTAssertTrue(entries[0].row[6...].allSatisfy(\.isNaN))
        XCTAssertEqual(
            TrainingReport.csv(entries),
            """
            iteration,seconds,content,style,tv,total,val_content,val_style,val_tv,val_total
            7,1.500,1,2,3,4,,,,
            8,2.250,1,2,3,4,5,6,7,8

            """)
    }

    /// Checkpoints written before the loss recorded its pooling were trained with max pooling.
    func testTrainingSettingsWithoutPoolingReadAsMax() throws {
        var settings = TrainingSettings()
        settings.loss.pooling = .average
        var json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        XCTAssertTrue(json.contains("\"pooling\":\"avg\""), json)
        json = json.replacingOccurrences(of: ",\"pooling\":\"avg\"", with: "").replacingOccurrences(
            of: "\"pooling\":\"avg\",", with: "")
        XCTAssertFalse(json.contains("pooling"), json)
        XCTAssertEqual(try JSONDecoder().decode(TrainingSettings.self, from: Data(json.utf8)).loss.pooling, .max)
    }
}
