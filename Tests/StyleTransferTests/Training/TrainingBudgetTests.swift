import StyleTransfer
import XCTest

/// How many iterations a time budget plans: the steps left at the measured pace, final crops
/// costing their area.
final class TrainingBudgetTests: XCTestCase {
    func testPlansTheStepsThatFitInTheTimeLeft() {
        var options = TrainingOptions()
        options.imageSize = 128
        // 100 s at 0.5 s a step from iteration 10: 200 more.
        XCTAssertEqual(TrainingBudget.iterations(for: options, from: 10, secondsPerStep: 0.5, secondsLeft: 100), 210)
        // The last 20 on 256² crops cost 4 steps each: 120 small ones, then those 20.
        options.finalImageSize = 256
        options.finalIterations = 20
        XCTAssertEqual(TrainingBudget.iterations(for: options, from: 10, secondsPerStep: 0.5, secondsLeft: 100), 150)
        // Already in the final crops at 140: 10 more of those fit in 20 s.
        XCTAssertEqual(TrainingBudget.iterations(for: options, from: 140, secondsPerStep: 0.5, secondsLeft: 20), 150)
        // No time left: one more step, never fewer.
        XCTAssertEqual(TrainingBudget.iterations(for: options, from: 140, secondsPerStep: 0.5, secondsLeft: -5), 141)
        // Endless time: the bound on iterations.
        XCTAssertEqual(TrainingBudget.iterations(for: options, from: 0, secondsPerStep: 1e-9, secondsLeft: 1e300),
                       SettingBounds.iterations.upperBound)
    }
}
