import Imaging
import NN
import StyleTransfer
import Tensors
import TestSupport
import XCTest

final class TrainerTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("faststyle-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private var content: String { TestPaths.repositoryRoot.appendingPathComponent("datasets/content").path }
    private var styleImage: Image {
        get throws { try Image(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("datasets/styles/starry_night.jpg").path) }
    }

    /// A small network on small crops: seconds per run, same code paths as the default.
    private func options(iterations: Int) throws -> TrainingOptions {
        var options = TrainingOptions()
        options.network.architecture = try Architecture("c5s1-8,d16,R16,u8,c5s1-3")
        options.imageSize = 32
        options.batchSize = 2
        options.styleSize = 64
        options.iterations = iterations
        options.learningRate = 1e-2
        options.seed = 7
        return options
    }

    private func batches(_ options: TrainingOptions, collection: ImageCollection? = nil) throws -> TrainingBatches {
        try TrainingBatches(collection: collection ?? ImageFolder(path: content), imageSize: options.imageSize,
                            batchSize: options.batchSize, seed: options.seed)
    }

    func testTrainingLowersTheLoss() throws {
        let options = try options(iterations: 30)
        let trainer = try Trainer(options: options, style: try styleImage, vggPath: try TestPaths.vggWeights(), batches: try batches(options))
        let validation = try ImageFolder(path: content)
        let crops = try (0..<4).map { try validation.image(at: $0 * 10).resizedAndCenterCropped(to: 32) }
        let before = try trainer.validationLoss(crops).total
        for _ in 0..<options.iterations { try trainer.step() }
        let after = try trainer.validationLoss(crops).total
        XCTAssertLessThan(after, 0.6 * before, "validation loss \(before) → \(after)")
    }

    func testCheckpointRoundTripIsBitIdentical() throws {
        let options = try options(iterations: 3)
        let trainer = try Trainer(options: options, style: try styleImage, vggPath: try TestPaths.vggWeights(), batches: try batches(options))
        for _ in 0..<3 { try trainer.step() }
        let path = directory.appendingPathComponent("model.h5").path
        try trainer.checkpoint().write(to: path)
        let read = try Checkpoint.read(from: path)
        XCTAssertEqual(read.iteration, 3)
        XCTAssertEqual(read.options, options)
        XCTAssertEqual(read.history.count, 3)
        let network = try TransformerNet(options: read.options.network)
        try read.load(into: network, path: path)
        for (a, b) in zip(network.parameters, trainer.network.parameters) {
            XCTAssertEqual(a.name, b.name)
            XCTAssertEqual(a.value.toArray(), b.value.toArray(), a.name)   // bit-identical
        }
        XCTAssertEqual(read.optimizer, trainer.checkpoint().optimizer)
    }

    /// N steps, a checkpoint, a new process-like start from it, M more steps: the same
    /// parameters as N + M steps in one go.
    func testResumingContinuesExactly() throws {
        let vgg = try TestPaths.vggWeights()
        let options = try options(iterations: 5)
        let straight = try Trainer(options: options, style: try styleImage, vggPath: vgg, batches: try batches(options))
        for _ in 0..<5 { try straight.step() }

        let first = try Trainer(options: options, style: try styleImage, vggPath: vgg, batches: try batches(options))
        for _ in 0..<2 { try first.step() }
        let path = directory.appendingPathComponent("resume.h5").path
        try first.checkpoint().write(to: path)
        let resumed = try Trainer(resuming: try Checkpoint.read(from: path), path: path, vggPath: vgg, batches: try batches(options))
        XCTAssertEqual(resumed.iteration, 2)
        for _ in 0..<3 { try resumed.step() }
        for (a, b) in zip(resumed.network.parameters, straight.network.parameters) {
            XCTAssertEqual(a.value.toArray(), b.value.toArray(), a.name)
        }
        XCTAssertEqual(resumed.history.map(\.terms), straight.history.map(\.terms))
    }

    func testModelOnlyCheckpointCannotResume() throws {
        let options = try options(iterations: 1)
        let trainer = try Trainer(options: options, style: try styleImage, vggPath: try TestPaths.vggWeights(), batches: try batches(options))
        let path = directory.appendingPathComponent("slim.h5").path
        try trainer.checkpoint(includingOptimizer: false).write(to: path)
        XCTAssertThrowsError(try Trainer(resuming: try Checkpoint.read(from: path), path: path, vggPath: try TestPaths.vggWeights(),
                                         batches: try batches(options))) { error in
            XCTAssertTrue("\(error)".contains("optimizer"), "\(error)")
        }
    }

    func testCorruptCheckpointsAreClearErrors() throws {
        let text = directory.appendingPathComponent("notes.h5").path
        FileManager.default.createFile(atPath: text, contents: Data("hello".utf8))
        XCTAssertThrowsError(try Checkpoint.read(from: text)) { XCTAssertTrue("\($0)".contains("notes.h5"), "\($0)") }
        XCTAssertThrowsError(try Checkpoint.read(from: TestPaths.fixture("vgg16_reference.h5"))) {
            XCTAssertTrue("\($0)".contains("not a faststyle checkpoint"), "\($0)")
        }
        XCTAssertThrowsError(try Checkpoint.read(from: directory.appendingPathComponent("absent.h5").path))
    }

    func testCorruptImageInDatasetIsSkippedAndReported() throws {
        let folder = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = try ImageFolder(path: content)
        for i in 0..<3 {
            try FileManager.default.copyItem(atPath: source.filePath(at: i), toPath: folder.appendingPathComponent("\(i).jpg").path)
        }
        FileManager.default.createFile(atPath: folder.appendingPathComponent("broken.jpg").path, contents: Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2]))
        let options = try options(iterations: 4)
        let data = try batches(options, collection: try ImageFolder(path: folder.path))
        var warnings: [String] = []
        data.onSkip = { name, _ in warnings.append(name) }
        let trainer = try Trainer(options: options, style: try styleImage, vggPath: try TestPaths.vggWeights(), batches: data)
        for _ in 0..<4 { try trainer.step() }
        XCTAssertEqual(warnings, ["broken.jpg"])
        XCTAssertEqual(trainer.skippedImages, ["broken.jpg"])
    }
}
