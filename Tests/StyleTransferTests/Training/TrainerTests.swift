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
        let settings = try TinyTraining.settings(iterations: 30)
        let trainer = try TinyTraining.trainer(settings)
        let validation = try ImageFolder(path: TinyTraining.contentFolder)
        let crops = try (0..<4).map { try validation.image(at: $0 * 10).resizedAndCenterCropped(to: 32) }
        let before = try trainer.validationLoss(crops).total
        for _ in 0..<settings.iterations { try trainer.step() }
        let after = try trainer.validationLoss(crops).total
        XCTAssertLessThan(after, 0.6 * before, "validation loss \(before) → \(after)")
    }

    /// N steps, a checkpoint, a new process-like start from it, M more steps: the same
    /// parameters, losses and Adam moments as N + M steps in one go, with the learning rate
    /// decaying on the way (every 2 steps, so the resumed run must restore it at step 3).
    func testResumingContinuesExactly() throws {
        var settings = try TinyTraining.settings(iterations: 5)
        settings.learningRateDecayEvery = 2
        settings.learningRateDecayFactor = 0.5
        try assertResumingContinuesExactly(settings)
    }

    /// The same with a warm-up, a cosine schedule and larger crops for the last 2 steps, which a
    /// resumed run must take from the checkpoint's settings.
    func testResumingContinuesTheSchedulesExactly() throws {
        var settings = try TinyTraining.settings(iterations: 5)
        settings.learningRateSchedule = .cosine
        settings.warmupIterations = 2
        settings.finalImageSize = 48
        settings.finalIterations = 2
        try assertResumingContinuesExactly(settings)
    }

    private func assertResumingContinuesExactly(
        _ settings: TrainingSettings, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let vgg = try TestPaths.vggWeights()
        let straight = try TinyTraining.trainer(settings)
        for _ in 0..<5 { try straight.step() }

        let first = try TinyTraining.trainer(settings)
        for _ in 0..<3 { try first.step() }
        let path = directory.appendingPathComponent("resume.h5").path
        try first.checkpoint().write(to: path)
        let saved = try Checkpoint.read(from: path)
        XCTAssertEqual(saved.settings, settings, file: file, line: line)
        let resumed = try Trainer(
            resuming: saved, path: path, vggPath: vgg, batches: try TinyTraining.batches(settings))
        XCTAssertEqual(resumed.iteration, 3)
        for _ in 0..<2 { try resumed.step() }
        for (a, b) in zip(resumed.network.parameters, straight.network.parameters) {
            XCTAssertEqual(a.value.toArray(), b.value.toArray(), a.name)
        }
        XCTAssertEqual(resumed.history.map(\.terms), straight.history.map(\.terms))
        let (moments, expected) = (
            try XCTUnwrap(resumed.checkpoint().optimizer), try XCTUnwrap(straight.checkpoint().optimizer)
        )
        XCTAssertEqual(moments.step, 5)
        XCTAssertEqual(moments.step, expected.step)
        XCTAssertTrue(moments.firstMoment == expected.firstMoment, "first moments differ")
        XCTAssertTrue(moments.secondMoment == expected.secondMoment, "second moments differ")
    }

    func testModelOnlyCheckpointCannotResume() throws {
        let settings = try TinyTraining.settings(iterations: 1)
        let trainer = try TinyTraining.trainer(settings)
        let path = directory.appendingPathComponent("slim.h5").path
        try trainer.checkpoint(includingOptimizer: false).write(to: path)
        XCTAssertThrowsError(
            try Trainer(
                resuming: try Checkpoint.read(from: path), path: path, vggPath: try TestPaths.vggWeights(),
                batches: try TinyTraining.batches(settings))
        ) { error in
            XCTAssertTrue("\(error)".contains("optimizer"), "\(error)")
        }
    }

    func testCorruptImageInDatasetIsSkippedAndReported() throws {
        let folder = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = try ImageFolder(path: TinyTraining.contentFolder)
        for i in 0..<3 {
            try FileManager.default.copyItem(
                atPath: source.filePath(at: i), toPath: folder.appendingPathComponent("\(i).jpg").path)
        }
        FileManager.default.createFile(
            atPath: folder.appendingPathComponent("broken.jpg").path, contents: Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2]))
        let settings = try TinyTraining.settings(iterations: 4)
        let data = try TinyTraining.batches(settings, collection: try ImageFolder(path: folder.path))
        var warnings: [String] = []
        data.onSkip = { name, _ in warnings.append(name) }
        let trainer = try Trainer(
            settings: settings, style: try TinyTraining.styleImage(), vggPath: try TestPaths.vggWeights(), batches: data
        )
        for _ in 0..<4 { try trainer.step() }
        XCTAssertEqual(warnings, ["broken.jpg"])
        XCTAssertEqual(trainer.skippedImages, ["broken.jpg"])
    }

    /// The loss network pools as the settings say, and the checkpoint records it.
    func testAveragePoolingIsUsedAndRecorded() throws {
        var settings = try TinyTraining.settings(iterations: 1)
        settings.loss.pooling = .average
        let trainer = try TinyTraining.trainer(settings)
        XCTAssertEqual(trainer.loss.network.pooling, .average)
        try trainer.step()
        let path = directory.appendingPathComponent("avg.h5").path
        try trainer.checkpoint().write(to: path)
        XCTAssertEqual(try Checkpoint.read(from: path).settings.loss.pooling, .average)
    }

    func testInvalidSettingsNameTheSetting() throws {
        var settings = try TinyTraining.settings(iterations: 1)
        XCTAssertNoThrow(try settings.validate())
        settings.imageSize = 8
        XCTAssertThrowsError(try settings.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .imageSize) }
        settings.imageSize = 32
        settings.sampleEvery = -1
        XCTAssertThrowsError(try settings.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .sampleEvery) }
        settings.sampleEvery = 0
        settings.loss.styleWeight = -.infinity
        XCTAssertThrowsError(try settings.validate()) { error in
            XCTAssertEqual((error as? InvalidSetting)?.setting, .styleWeight)
            XCTAssertEqual(error.localizedDescription, "styleWeight must be a finite number ≥ 0, got -inf")
        }
        XCTAssertEqual(try settings.iterations(forEpochs: 1.5, imageCount: 119), 90)   // 178.5 images, 2 per step
        XCTAssertThrowsError(try settings.iterations(forEpochs: 0, imageCount: 119))
    }
}
