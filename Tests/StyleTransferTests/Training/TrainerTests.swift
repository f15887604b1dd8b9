import Imaging
import NN
import StyleTransfer
import Tensors
import TestSupport
import XCTest

final class TrainerTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("train")
    }

    func testTrainingLowersTheLoss() throws {
        let options = try TinyTraining.options(iterations: 30)
        let trainer = try TinyTraining.trainer(options)
        let validation = try ImageFolder(path: TinyTraining.contentFolder)
        let crops = try (0..<4).map { try validation.image(at: $0 * 10).resizedAndCenterCropped(to: 32) }
        let before = try trainer.validationLoss(crops).total
        for _ in 0..<options.iterations { try trainer.step() }
        let after = try trainer.validationLoss(crops).total
        XCTAssertLessThan(after, 0.6 * before, "validation loss \(before) → \(after)")
    }

    /// N steps, a checkpoint, a new process-like start from it, M more steps: the same
    /// parameters, losses and Adam moments as N + M steps in one go, with the learning rate
    /// decaying on the way (every 2 steps, so the resumed run must restore it at step 3).
    func testResumingContinuesExactly() throws {
        var options = try TinyTraining.options(iterations: 5)
        options.learningRateDecayEvery = 2
        options.learningRateDecayFactor = 0.5
        try assertResumingContinuesExactly(options)
    }

    /// The same with a warm-up, a cosine schedule and larger crops for the last 2 steps, which a
    /// resumed run must take from the checkpoint's options.
    func testResumingContinuesTheSchedulesExactly() throws {
        var options = try TinyTraining.options(iterations: 5)
        options.learningRateSchedule = .cosine
        options.warmupIterations = 2
        options.finalImageSize = 48
        options.finalIterations = 2
        try assertResumingContinuesExactly(options)
    }

    private func assertResumingContinuesExactly(_ options: TrainingOptions, file: StaticString = #filePath, line: UInt = #line) throws {
        let vgg = try TestPaths.vggWeights()
        let straight = try TinyTraining.trainer(options)
        for _ in 0..<5 { try straight.step() }

        let first = try TinyTraining.trainer(options)
        for _ in 0..<3 { try first.step() }
        let path = directory.appendingPathComponent("resume.h5").path
        try first.checkpoint().write(to: path)
        let saved = try Checkpoint.read(from: path)
        XCTAssertEqual(saved.options, options, file: file, line: line)
        let resumed = try Trainer(resuming: saved, path: path, vggPath: vgg, batches: try TinyTraining.batches(options))
        XCTAssertEqual(resumed.iteration, 3)
        for _ in 0..<2 { try resumed.step() }
        for (a, b) in zip(resumed.network.parameters, straight.network.parameters) {
            XCTAssertEqual(a.value.toArray(), b.value.toArray(), a.name)
        }
        XCTAssertEqual(resumed.history.map(\.terms), straight.history.map(\.terms))
        let (moments, expected) = (try XCTUnwrap(resumed.checkpoint().optimizer), try XCTUnwrap(straight.checkpoint().optimizer))
        XCTAssertEqual(moments.step, 5)
        XCTAssertEqual(moments.step, expected.step)
        XCTAssertTrue(moments.firstMoment == expected.firstMoment, "first moments differ")
        XCTAssertTrue(moments.secondMoment == expected.secondMoment, "second moments differ")
    }

    func testModelOnlyCheckpointCannotResume() throws {
        let options = try TinyTraining.options(iterations: 1)
        let trainer = try TinyTraining.trainer(options)
        let path = directory.appendingPathComponent("slim.h5").path
        try trainer.checkpoint(includingOptimizer: false).write(to: path)
        XCTAssertThrowsError(try Trainer(resuming: try Checkpoint.read(from: path), path: path, vggPath: try TestPaths.vggWeights(),
                                         batches: try TinyTraining.batches(options))) { error in
            XCTAssertTrue("\(error)".contains("optimizer"), "\(error)")
        }
    }

    func testCorruptImageInDatasetIsSkippedAndReported() throws {
        let folder = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = try ImageFolder(path: TinyTraining.contentFolder)
        for i in 0..<3 {
            try FileManager.default.copyItem(atPath: source.filePath(at: i), toPath: folder.appendingPathComponent("\(i).jpg").path)
        }
        FileManager.default.createFile(atPath: folder.appendingPathComponent("broken.jpg").path, contents: Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2]))
        let options = try TinyTraining.options(iterations: 4)
        let data = try TinyTraining.batches(options, collection: try ImageFolder(path: folder.path))
        var warnings: [String] = []
        data.onSkip = { name, _ in warnings.append(name) }
        let trainer = try Trainer(options: options, style: try TinyTraining.styleImage(), vggPath: try TestPaths.vggWeights(), batches: data)
        for _ in 0..<4 { try trainer.step() }
        XCTAssertEqual(warnings, ["broken.jpg"])
        XCTAssertEqual(trainer.skippedImages, ["broken.jpg"])
    }

    /// The loss network pools as the options say, and the checkpoint records it.
    func testAveragePoolingIsUsedAndRecorded() throws {
        var options = try TinyTraining.options(iterations: 1)
        options.loss.pooling = .average
        let trainer = try TinyTraining.trainer(options)
        XCTAssertEqual(trainer.loss.network.pooling, .average)
        try trainer.step()
        let path = directory.appendingPathComponent("avg.h5").path
        try trainer.checkpoint().write(to: path)
        XCTAssertEqual(try Checkpoint.read(from: path).options.loss.pooling, .average)
    }

    func testInvalidOptionsNameTheSetting() throws {
        var options = try TinyTraining.options(iterations: 1)
        XCTAssertNoThrow(try options.validate())
        options.imageSize = 8
        XCTAssertThrowsError(try options.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .imageSize) }
        options.imageSize = 32
        options.sampleEvery = -1
        XCTAssertThrowsError(try options.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .sampleEvery) }
        options.sampleEvery = 0
        options.loss.styleWeight = -.infinity
        XCTAssertThrowsError(try options.validate()) { error in
            XCTAssertEqual((error as? InvalidSetting)?.setting, .styleWeight)
            XCTAssertEqual(error.localizedDescription, "styleWeight must be a finite number ≥ 0, got -inf")
        }
        XCTAssertEqual(try options.iterations(forEpochs: 1.5, imageCount: 119), 90)   // 178.5 images, 2 per step
        XCTAssertThrowsError(try options.iterations(forEpochs: 0, imageCount: 119))
    }
}
