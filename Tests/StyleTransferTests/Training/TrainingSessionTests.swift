import Foundation
import Imaging
import StyleTransfer
import TestSupport
import XCTest

/// The rules of a training run, without the command line: when it validates, writes samples
/// and checkpoints, which files go beside the checkpoint, and how it stops.
final class TrainingSessionTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("session")
    }

    private func session(_ settings: TrainingSettings, validation: Bool = true, budget: TrainingBudget? = nil) throws
        -> TrainingSession
    {
        let files = TrainingFiles(checkpoint: directory.appendingPathComponent("runs/style.h5").path)
        try files.prepare()
        let images =
            try validation
            ? ValidationImages(
                folder: TestPaths.repositoryFile("datasets/val"), size: settings.imageSize,
                limit: 2, sampleLimit: 1, sampleSize: 48) : nil
        return TrainingSession(
            trainer: try TinyTraining.trainer(settings), files: files, validation: images, budget: budget)
    }

    /// A short name per event, to compare sequences.
    private func name(_ event: TrainingEvent) -> String {
        switch event {
        case let .validated(iteration, _): return "validated \(iteration)"
        case let .stepped(progress): return "step \(progress.iteration)"
        case let .wroteSamples(iteration, _): return "samples \(iteration)"
        case let .savedCheckpoint(iteration): return "checkpoint \(iteration)"
        case let .planned(iterations, _): return "planned \(iterations)"
        }
    }

    /// A budget already spent: the calibration steps, a plan of one more, that step, and the
    /// end of a run (validation, samples, checkpoint) with the planned count recorded.
    func testASpentTimeBudgetEndsAfterItsCalibration() throws {
        var settings = try TinyTraining.settings(iterations: 1_000_000)
        (settings.validationEvery, settings.sampleEvery, settings.checkpointEvery) = (1000, 1000, 1000)
        settings.learningRateSchedule = .cosine
        let session = try session(settings, budget: TrainingBudget(deadline: Date()))
        var events: [String] = []
        XCTAssertEqual(try session.run { events.append(self.name($0)) }, .finished)
        let calibrated = TrainingBudget.calibrationSteps + 1
        XCTAssertEqual(events.filter { $0.hasPrefix("planned") }, ["planned \(calibrated + 1)"])
        XCTAssertEqual(
            events.suffix(4),
            [
                "step \(calibrated + 1)", "validated \(calibrated + 1)", "samples \(calibrated + 1)",
                "checkpoint \(calibrated + 1)",
            ])
        let saved = try Checkpoint.read(from: session.files.checkpoint)
        XCTAssertEqual(saved.settings.iterations, calibrated + 1)
        XCTAssertEqual(saved.iteration, calibrated + 1)
    }

    func testValidationSamplesAndCheckpointsFollowTheirCadence() throws {
        var settings = try TinyTraining.settings(iterations: 5)
        (settings.validationEvery, settings.sampleEvery, settings.checkpointEvery) = (2, 3, 2)
        let session = try session(settings)
        var events: [String] = []
        var samples: [String] = []
        var progress: [TrainingProgress] = []
        let outcome = try session.run { event in
            events.append(self.name(event))
            if case let .wroteSamples(_, paths) = event { samples += paths }
            if case let .stepped(p) = event { progress.append(p) }
        }
        XCTAssertEqual(outcome, .finished)
        XCTAssertEqual(
            events,
            [
                "validated 0",
                "step 1",
                "step 2", "validated 2", "checkpoint 2",
                "step 3", "samples 3",
                "step 4", "validated 4", "checkpoint 4",
                "step 5", "validated 5", "samples 5", "checkpoint 5",
            ])
        XCTAssertEqual(progress.map(\.stepsThisSession), [1, 2, 3, 4, 5])
        XCTAssertEqual(progress.last?.isLast, true)
        XCTAssertTrue(progress.allSatisfy { $0.imagesPerSecond > 0 && $0.secondsLeft >= 0 })

        // Beside runs/style.h5: style.csv, style.svg and style_samples/ with one picture per sampling.
        let files = session.files
        XCTAssertEqual(files.historyCSV, directory.appendingPathComponent("runs/style.csv").path)
        XCTAssertEqual(files.lossPlot, directory.appendingPathComponent("runs/style.svg").path)
        XCTAssertEqual(files.samplesFolder, directory.appendingPathComponent("runs/style_samples").path)
        XCTAssertEqual(try Checkpoint.read(from: files.checkpoint).iteration, 5)
        let csv = try String(contentsOfFile: files.historyCSV, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.count, 1 + 5)
        XCTAssertEqual(csv.filter { !$0.hasSuffix(",,,,") }.count, 1 + 3, "validation at 2, 4 and 5")
        XCTAssertTrue(try String(contentsOfFile: files.lossPlot, encoding: .utf8).contains("<svg"))
        XCTAssertEqual(
            samples.map { URL(fileURLWithPath: $0).lastPathComponent },
            [
                "000003_budgie_blue-periwinkle.png",
                "000005_budgie_blue-periwinkle.png",
            ])
        for path in samples { XCTAssertNoThrow(try Image(contentsOf: path)) }
    }

    /// Told to stop, it saves a checkpoint before the next step and returns; a session resumed
    /// from that checkpoint does not validate "before training" again.
    func testStopsWithACheckpointAndResumes() throws {
        var settings = try TinyTraining.settings(iterations: 4)
        settings.checkpointEvery = 100
        let session = try session(settings, validation: false)
        var events: [String] = []
        let outcome = try session.run { event in
            events.append(self.name(event))
            if case let .stepped(p) = event, p.iteration == 2 { session.requestStop() }
        }
        XCTAssertEqual(outcome, .stopped)
        XCTAssertEqual(events, ["step 1", "step 2", "checkpoint 2"])
        let saved = try Checkpoint.read(from: session.files.checkpoint)
        XCTAssertEqual(saved.iteration, 2)

        let resumed = TrainingSession(
            trainer: try Trainer(
                resuming: saved, path: session.files.checkpoint, vggPath: try TestPaths.vggWeights(),
                batches: try TinyTraining.batches(settings)),
            files: session.files,
            validation: try ValidationImages(
                folder: TestPaths.repositoryFile("datasets/val"), size: 32, limit: 1, sampleLimit: 0))
        events = []
        XCTAssertEqual(try resumed.run { events.append(self.name($0)) }, .finished)
        XCTAssertEqual(events, ["step 3", "step 4", "validated 4", "checkpoint 4"])
    }

    func testAnUnwritableCheckpointFolderFailsAtOnce() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("taken")
        FileManager.default.createFile(atPath: file.path, contents: Data("a file".utf8))
        XCTAssertThrowsError(try TrainingFiles(checkpoint: file.appendingPathComponent("run.h5").path).prepare()) {
            error in
            XCTAssertTrue(error.localizedDescription.contains("cannot create its folder"), error.localizedDescription)
        }
    }
}
