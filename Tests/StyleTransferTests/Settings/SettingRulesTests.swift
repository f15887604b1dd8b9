import Foundation
import StyleTransfer
import XCTest

/// What the settings accept, wherever they come from (arguments or a checkpoint's JSON).
final class SettingRulesTests: XCTestCase {
    func testArchitecturesAreParsedStrictly() {
        for bad in [
            "c-3s1-3", "c+3s1-3", "c3s1-3-3", "c3s-3", "c3s1-", "c3s1-8,d16,c3s1-3", "c3s1-8,u8,c3s1-3", "c5000s1-3",
        ] {
            XCTAssertThrowsError(try Architecture(bad), bad)
        }
        XCTAssertNoThrow(try Architecture("c3s1-8,d16,u8,c3s1-3"))
    }

    /// A checkpoint's architecture goes through the parser: JSON cannot build what the parser refuses.
    func testDecodedArchitecturesGoThroughTheParser() throws {
        let json = String(decoding: try JSONEncoder().encode(Architecture.johnson), as: UTF8.self)
        XCTAssertEqual(try JSONDecoder().decode(Architecture.self, from: Data(json.utf8)), Architecture.johnson)
        let hostile = json.replacingOccurrences(of: "c9s1-32,", with: "c2147483649s1-32,")
        XCTAssertThrowsError(try JSONDecoder().decode(Architecture.self, from: Data(hostile.utf8)))
        let contradicting = json.replacingOccurrences(of: "\"kernelSize\":9", with: "\"kernelSize\":7")
        XCTAssertNotEqual(contradicting, json)
        XCTAssertThrowsError(try JSONDecoder().decode(Architecture.self, from: Data(contradicting.utf8)))
    }

    func testTrainingBoundsAndTheNetworksGeometry() {
        var settings = TrainingSettings()
        settings.iterations = SettingBounds.iterations.upperBound + 1
        XCTAssertThrowsError(try settings.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .iterations) }
        settings = TrainingSettings()
        settings.imageSize = 258   // Johnson's network needs multiples of 4
        XCTAssertThrowsError(try settings.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .imageSize) }
        settings = TrainingSettings()
        XCTAssertThrowsError(try settings.iterations(forEpochs: 1e300, imageCount: 100))
        XCTAssertEqual(try settings.iterations(forEpochs: 1, imageCount: 10), 3)
    }

    func testALearningRateDecayedToZeroStopsMultiplying() {
        var settings = TrainingSettings()
        settings.learningRateDecayEvery = 1
        settings.learningRateDecayFactor = 0.5
        XCTAssertEqual(settings.learningRate(at: 2), settings.learningRate * 0.25)
        XCTAssertEqual(settings.learningRate(at: 99_999_999), 0)
    }

    func testWarmupThenCosineFallsFromTheRateToZero() {
        var settings = TrainingSettings()
        settings.iterations = 1000
        settings.learningRate = 4e-3
        settings.warmupIterations = 100
        settings.learningRateSchedule = .cosine
        XCTAssertEqual(settings.learningRate(at: 0), 4e-5, accuracy: 1e-9)
        XCTAssertEqual(settings.learningRate(at: 49), 2e-3, accuracy: 1e-9)
        XCTAssertEqual(settings.learningRate(at: 100), 4e-3)
        XCTAssertEqual(settings.learningRate(at: 550), 2e-3, accuracy: 1e-9)
        XCTAssertEqual(
            settings.learningRate(at: 999), 4e-3 * Float(0.5 * (1 + cos(Double.pi * 899 / 900))), accuracy: 1e-12)
        let rates = (100..<1000).map(settings.learningRate(at:))
        XCTAssertTrue(zip(rates, rates.dropFirst()).allSatisfy { $0 >= $1 }, "falls after the warm-up")
        settings.learningRateSchedule = nil   // as in checkpoints written before schedules
        XCTAssertEqual(settings.learningRate(at: 999), 4e-3)
    }

    func testCooldownLowersOnlyTheLastIterationsLinearlyTowardsZero() {
        var settings = TrainingSettings()
        settings.iterations = 1000
        settings.learningRate = 2e-3
        settings.cooldownIterations = 200
        XCTAssertEqual(settings.learningRate(at: 0), 2e-3)
        XCTAssertEqual(settings.learningRate(at: 799), 2e-3)
        XCTAssertEqual(settings.learningRate(at: 800), 2e-3)
        XCTAssertEqual(settings.learningRate(at: 900), 1e-3, accuracy: 1e-12)
        XCTAssertEqual(settings.learningRate(at: 999), 2e-3 / 200, accuracy: 1e-12)
        let rates = (800..<1000).map(settings.learningRate(at:))
        XCTAssertTrue(zip(rates, rates.dropFirst()).allSatisfy { $0 > $1 }, "falls every iteration")
        // Extended to 2000 iterations, the first 1000 run at the constant rate.
        settings.iterations = 2000
        XCTAssertEqual(settings.learningRate(at: 999), 2e-3)
        XCTAssertEqual(settings.learningRate(at: 1900), 1e-3, accuracy: 1e-12)
        settings.cooldownIterations = 0
        XCTAssertEqual(settings.learningRate(at: 1999), 2e-3)
        settings.cooldownIterations = -1
        XCTAssertThrowsError(try settings.validate()) {
            XCTAssertEqual(($0 as? InvalidSetting)?.setting, .cooldownIterations)
        }
    }

    func testFinalCropsTakeTheLastIterations() throws {
        var settings = TrainingSettings()
        settings.iterations = 10
        settings.imageSize = 128
        settings.finalImageSize = 256
        settings.finalIterations = 3
        XCTAssertNoThrow(try settings.validate())
        XCTAssertEqual((0..<10).map(settings.imageSize(at:)), [128, 128, 128, 128, 128, 128, 128, 256, 256, 256])
        XCTAssertEqual(settings.largestImageSize, 256)
        settings.finalImageSize = 250   // Johnson's network needs multiples of 4
        XCTAssertThrowsError(try settings.validate()) {
            XCTAssertEqual(($0 as? InvalidSetting)?.setting, .finalImageSize)
        }
        settings.finalImageSize = nil
        XCTAssertThrowsError(try settings.validate()) {
            XCTAssertEqual(($0 as? InvalidSetting)?.setting, .finalIterations)
        }
        settings.finalImageSize = 256
        settings.finalIterations = 0
        XCTAssertThrowsError(try settings.validate()) {
            XCTAssertEqual(($0 as? InvalidSetting)?.setting, .finalIterations)
        }
    }

    func testAResumedRunNamesTheSettingsThatDiffer() throws {
        var saved = TrainingSettings()
        saved.imageSize = 128
        var given = TrainingSettings()
        given.imageSize = 256
        given.batchSize = 8
        given.iterations = 5000
        XCTAssertThrowsError(
            try given.requireNoConflicts(resuming: saved, given: [.imageSize, .batchSize, .iterations])
        ) { error in
            let conflict = error as? ResumeConflict
            XCTAssertEqual(conflict?.differences.map(\.setting), [.imageSize, .batchSize])
            XCTAssertEqual(conflict?.differences.first?.saved, "128")
        }
        // The same value given again, or more iterations, is no conflict.
        given.imageSize = 128
        given.batchSize = saved.batchSize
        XCTAssertNoThrow(try given.requireNoConflicts(resuming: saved, given: [.imageSize, .batchSize, .iterations]))
    }
}
