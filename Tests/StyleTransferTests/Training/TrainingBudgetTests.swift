import StyleTransfer
import XCTest

/// How many iterations a time budget plans: the steps left at the measured pace, final crops
/// costing their area.
final class TrainingBudgetTests: XCTestCase {
    private let budget = TrainingBudget(deadline: Date())

    func testPlansTheStepsThatFitInTheTimeLeft() {
        var settings = TrainingSettings()
        settings.imageSize = 128
        // 100 s at 0.5 s a step from iteration 10: 200 more.
        XCTAssertEqual(budget.iterations(for: settings, from: 10, secondsPerStep: 0.5, secondsLeft: 100), 210)
        // The last 20 on 256² crops cost 4 steps each: 120 small ones, then those 20.
        settings.finalImageSize = 256
        settings.finalIterations = 20
        XCTAssertEqual(budget.iterations(for: settings, from: 10, secondsPerStep: 0.5, secondsLeft: 100), 150)
        // Already in the final crops at 140: 10 more of those fit in 20 s.
        XCTAssertEqual(budget.iterations(for: settings, from: 140, secondsPerStep: 0.5, secondsLeft: 20), 150)
        // No time left: one more step, never fewer.
        XCTAssertEqual(budget.iterations(for: settings, from: 140, secondsPerStep: 0.5, secondsLeft: -5), 141)
        // Endless time: the bound on iterations.
        XCTAssertEqual(
            budget.iterations(for: settings, from: 0, secondsPerStep: 1e-9, secondsLeft: 1e300),
            SettingBounds.iterations.upperBound)
    }

    /// The pace is measured over a window of steps: final crops count only where the run has them,
    /// at the end of its planned iterations. (Counting a window's own last steps as final made a
    /// 28-minute run with 700 final 256² steps plan 40,000 iterations: 4× too fast a pace.)
    func testCountsFinalCropsOnlyInTheRunsLastIterations() {
        var settings = TrainingSettings()
        settings.imageSize = 128
        settings.iterations = 1000
        XCTAssertEqual(TrainingBudget.steps(of: settings, from: 1, to: 11), 10)
        settings.finalImageSize = 256
        settings.finalIterations = 100
        XCTAssertEqual(TrainingBudget.steps(of: settings, from: 1, to: 11), 10)
        XCTAssertEqual(TrainingBudget.steps(of: settings, from: 850, to: 950), 50 + 50 * 4)
        XCTAssertEqual(TrainingBudget.steps(of: settings, from: 950, to: 1000), 50 * 4)
        XCTAssertEqual(TrainingBudget.steps(of: settings, from: 10, to: 10), 0)
    }

    /// Final crops and cooldown given as shares keep their share of whatever run fits: 8% of
    /// the steps on 4× the area is 0.92 + 0.32 = 1.24 small steps per iteration.
    func testSharesOfTheRunFollowThePlan() throws {
        var settings = TrainingSettings()
        settings.imageSize = 128
        settings.finalImageSize = 256
        let shares = TrainingBudget(deadline: Date(), finalShare: 0.08, cooldownShare: 0.08)
        XCTAssertEqual(shares.iterations(for: settings, from: 0, secondsPerStep: 0.5, secondsLeft: 620), 1000)
        XCTAssertEqual(shares.iterations(for: settings, from: 0, secondsPerStep: 0.5, secondsLeft: 6200), 10000)
        let fitted = shares.fitted(settings, to: 2540)
        XCTAssertEqual(fitted.iterations, 2540)
        XCTAssertEqual(fitted.finalIterations, 203)
        XCTAssertEqual(fitted.cooldownIterations, 203)
        XCTAssertEqual(fitted.imageSize(at: 2336), 128)
        XCTAssertEqual(fitted.imageSize(at: 2337), 256)
        // Without a final crop size there are no final crops to give a share.
        settings.finalImageSize = nil
        XCTAssertNil(shares.fitted(settings, to: 2540).finalIterations)
        XCTAssertEqual(IterationSpan.share(0.08).count(of: 5), 1)
        XCTAssertEqual(IterationSpan.iterations(700).count(of: 5), 700)
    }
}
