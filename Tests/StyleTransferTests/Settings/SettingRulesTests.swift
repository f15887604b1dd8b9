import Foundation
import StyleTransfer
import XCTest

/// What the settings accept, wherever they come from (arguments or a checkpoint's JSON).
final class SettingRulesTests: XCTestCase {
    func testArchitecturesAreParsedStrictly() {
        for bad in ["c-3s1-3", "c+3s1-3", "c3s1-3-3", "c3s-3", "c3s1-", "c3s1-8,d16,c3s1-3", "c3s1-8,u8,c3s1-3", "c5000s1-3"] {
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
        var options = TrainingOptions()
        options.iterations = SettingBounds.iterations.upperBound + 1
        XCTAssertThrowsError(try options.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .iterations) }
        options = TrainingOptions()
        options.imageSize = 258   // Johnson's network needs multiples of 4
        XCTAssertThrowsError(try options.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .imageSize) }
        options = TrainingOptions()
        XCTAssertThrowsError(try options.iterations(forEpochs: 1e300, imageCount: 100))
        XCTAssertEqual(try options.iterations(forEpochs: 1, imageCount: 10), 3)
    }

    func testALearningRateDecayedToZeroStopsMultiplying() {
        var options = TrainingOptions()
        options.learningRateDecayEvery = 1
        options.learningRateDecayFactor = 0.5
        XCTAssertEqual(options.learningRate(at: 2), options.learningRate * 0.25)
        XCTAssertEqual(options.learningRate(at: 99_999_999), 0)
    }

    func testWarmupThenCosineFallsFromTheRateToZero() {
        var options = TrainingOptions()
        options.iterations = 1000
        options.learningRate = 4e-3
        options.warmupIterations = 100
        options.learningRateSchedule = .cosine
        XCTAssertEqual(options.learningRate(at: 0), 4e-5, accuracy: 1e-9)
        XCTAssertEqual(options.learningRate(at: 49), 2e-3, accuracy: 1e-9)
        XCTAssertEqual(options.learningRate(at: 100), 4e-3)
        XCTAssertEqual(options.learningRate(at: 550), 2e-3, accuracy: 1e-9)
        XCTAssertEqual(options.learningRate(at: 999), 4e-3 * Float(0.5 * (1 + cos(Double.pi * 899 / 900))), accuracy: 1e-12)
        let rates = (100..<1000).map(options.learningRate(at:))
        XCTAssertTrue(zip(rates, rates.dropFirst()).allSatisfy { $0 >= $1 }, "falls after the warm-up")
        options.learningRateSchedule = nil   // as in checkpoints written before schedules
        XCTAssertEqual(options.learningRate(at: 999), 4e-3)
    }

    func testCooldownLowersOnlyTheLastIterationsLinearlyTowardsZero() {
        var options = TrainingOptions()
        options.iterations = 1000
        options.learningRate = 2e-3
        options.cooldownIterations = 200
        XCTAssertEqual(options.learningRate(at: 0), 2e-3)
        XCTAssertEqual(options.learningRate(at: 799), 2e-3)
        XCTAssertEqual(options.learningRate(at: 800), 2e-3)
        XCTAssertEqual(options.learningRate(at: 900), 1e-3, accuracy: 1e-12)
        XCTAssertEqual(options.learningRate(at: 999), 2e-3 / 200, accuracy: 1e-12)
        let rates = (800..<1000).map(options.learningRate(at:))
        XCTAssertTrue(zip(rates, rates.dropFirst()).allSatisfy { $0 > $1 }, "falls every iteration")
        // Extended to 2000 iterations, the first 1000 run at the constant rate.
        options.iterations = 2000
        XCTAssertEqual(options.learningRate(at: 999), 2e-3)
        XCTAssertEqual(options.learningRate(at: 1900), 1e-3, accuracy: 1e-12)
        options.cooldownIterations = 0
        XCTAssertEqual(options.learningRate(at: 1999), 2e-3)
        options.cooldownIterations = -1
        XCTAssertThrowsError(try options.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .cooldownIterations) }
    }

    func testFinalCropsTakeTheLastIterations() throws {
        var options = TrainingOptions()
        options.iterations = 10
        options.imageSize = 128
        options.finalImageSize = 256
        options.finalIterations = 3
        XCTAssertNoThrow(try options.validate())
        XCTAssertEqual((0..<10).map(options.imageSize(at:)), [128, 128, 128, 128, 128, 128, 128, 256, 256, 256])
        XCTAssertEqual(options.largestImageSize, 256)
        options.finalImageSize = 250   // Johnson's network needs multiples of 4
        XCTAssertThrowsError(try options.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .finalImageSize) }
        options.finalImageSize = nil
        XCTAssertThrowsError(try options.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .finalIterations) }
        options.finalImageSize = 256
        options.finalIterations = 0
        XCTAssertThrowsError(try options.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .finalIterations) }
    }

    func testAResumedRunNamesTheSettingsThatDiffer() throws {
        var saved = TrainingOptions()
        saved.imageSize = 128
        var given = TrainingOptions()
        given.imageSize = 256
        given.batchSize = 8
        given.iterations = 5000
        XCTAssertThrowsError(try given.requireNoConflicts(resuming: saved, given: [.imageSize, .batchSize, .iterations])) { error in
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
