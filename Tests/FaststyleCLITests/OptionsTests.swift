import Foundation
import StyleTransfer
import XCTest
@testable import FaststyleCLI

/// Options parsed as a user types them, without running the commands.
final class OptionsTests: XCTestCase {
    func testLossOptionsOverTheirBase() throws {
        let options = try LossOptions<LibraryLossDefaults>.parse([
            "--style-layers", "relu1_1, relu2_1", "--pooling", "avg", "--tv-weight", "0",
        ])
        let c = try options.settings()
        XCTAssertEqual(c.styleLayers, ["relu1_1", "relu2_1"])
        XCTAssertEqual(c.styleLayerWeights, [1, 1])
        XCTAssertEqual(c.pooling, .average)
        XCTAssertEqual(c.totalVariationWeight, 0)
        XCTAssertEqual(c.contentLayers, LossSettings().contentLayers)

        var checkpoint = LossSettings()
        checkpoint.styleWeight = 42
        checkpoint.pooling = .average
        let compared = try LossOptions<CheckpointLossDefaults>.parse(["--content-weight", "2"]).settings(
            over: checkpoint)
        XCTAssertEqual([compared.contentWeight, compared.styleWeight], [2, 42])
        XCTAssertEqual(compared.pooling, .average)
        XCTAssertEqual(try options.settings(hasContent: false).contentWeight, 0)
    }

    func testBadLossOptionsAreUsageErrors() {
        XCTAssertThrowsError(try LossOptions<LibraryLossDefaults>.parse(["--style-layer-weights", "1,x"]))
        XCTAssertThrowsError(try LossOptions<LibraryLossDefaults>.parse(["--style-weight", "-1"])) { error in
            XCTAssertTrue(LossOptions<LibraryLossDefaults>.message(for: error).contains("--style-weight"), "\(error)")
        }
        XCTAssertThrowsError(
            try LossOptions<LibraryLossDefaults>.parse(["--style-layers", "relu1_1", "--style-layer-weights", "1,2"]))
    }

    func testOptimizationDefaultsPerCommandAndMethod() throws {
        var settings = OptimizationSettings()
        try OptimizationOptions<OptimizeDefaults>.parse(["--optimizer", "adam"]).apply(to: &settings)
        XCTAssertEqual(settings.learningRate, 10)
        XCTAssertEqual(settings.iterations, 300)
        try OptimizationOptions<CompareDefaults>.parse([]).apply(to: &settings)
        XCTAssertEqual(settings.learningRate, 1)
        XCTAssertEqual(settings.iterations, 200)
        XCTAssertEqual(try OptimizationOptions<CompareDefaults>.parse([]).printEvery, 50)
    }

    /// The names users know from jcjohnson/neural-style.
    func testNeuralStyleAliases() throws {
        let optimize = try OptimizeCommand.parse([
            "--style", "s.jpg", "-o", "o.png", "--init", "noise", "--original-colors",
        ])
        XCTAssertEqual(optimize.initialization, "noise")
        XCTAssertTrue(optimize.preserveColors)
        let compare = try CompareCommand.parse([
            "--model", "m.h5", "--content", "c.jpg", "-o", "out", "--init", "noise",
        ])
        XCTAssertEqual(compare.initialization, .noise)
        XCTAssertTrue(
            try StylizeCommand.parse(["--model", "m.h5", "a.jpg", "-o", "b.png", "--original-colors"]).preserveColors)
    }

    func testStylizeSettingsFromTheFlags() throws {
        let command = try StylizeCommand.parse([
            "--model", "m.h5", "a.jpg", "-o", "b.png", "--batch-size", "4", "--quality", "80",
            "--size", "300", "--tile", "128",
        ])
        let s = command.settings
        XCTAssertEqual([s.batchSize, s.jpegQuality, s.longSide, s.tileSize], [4, 80, 300, 128])
        XCTAssertThrowsError(
            try StylizeCommand.parse(["--model", "m.h5", "a.jpg", "-o", "b.png", "--batch-size", "0"])
        ) { error in
            XCTAssertTrue(
                StylizeCommand.message(for: error).contains("--batch-size"), StylizeCommand.message(for: error))
        }
    }

    func testTrainNeedsAStyleUnlessItResumes() {
        XCTAssertThrowsError(try TrainCommand.parse(["--dataset", "d", "--checkpoint", "c.h5"]))
        XCTAssertNoThrow(try TrainCommand.parse(["--dataset", "d", "--checkpoint", "c.h5", "--resume", "r.h5"]))
        XCTAssertThrowsError(
            try TrainCommand.parse([
                "--dataset", "d", "--checkpoint", "c.h5", "--style", "s.jpg", "--iterations", "5",
                "--epochs", "1",
            ]))
        XCTAssertThrowsError(
            try TrainCommand.parse([
                "--dataset", "d", "--checkpoint", "c.h5", "--style", "s.jpg", "--sample-every", "-1",
            ])
        ) {
            XCTAssertTrue(TrainCommand.message(for: $0).contains("--sample-every"), TrainCommand.message(for: $0))
        }
    }

    func testTrainTimeBudgetsAndSchedulesFromTheFlags() throws {
        let base = ["--dataset", "d", "--checkpoint", "c.h5", "--style", "s.jpg"]
        for (text, seconds) in [("25m", 1500.0), ("1h30m", 5400), ("90s", 90), ("1.5h", 5400), ("20", 1200)] {
            XCTAssertEqual(try TrainCommand.parse(base + ["--time", text]).timeBudget?.seconds, seconds, text)
        }
        for bad in ["0", "-5m", "5x", "m", "10000h", "inf"] {
            XCTAssertThrowsError(try TrainCommand.parse(base + ["--time", bad]), bad) {
                XCTAssertTrue(TrainCommand.message(for: $0).contains("--time"), TrainCommand.message(for: $0))
            }
        }
        XCTAssertThrowsError(try TrainCommand.parse(base + ["--time", "5m", "--iterations", "100"])) {
            XCTAssertTrue(TrainCommand.message(for: $0).contains("--time"), TrainCommand.message(for: $0))
        }
        XCTAssertThrowsError(try TrainCommand.parse(base + ["--final-iterations", "100"])) {
            XCTAssertTrue(TrainCommand.message(for: $0).contains("--final-iterations"), TrainCommand.message(for: $0))
        }
        XCTAssertThrowsError(try TrainCommand.parse(base + ["--final-image-size", "250", "--final-iterations", "10"])) {
            XCTAssertTrue(TrainCommand.message(for: $0).contains("--final-image-size"), TrainCommand.message(for: $0))
        }
        XCTAssertThrowsError(try TrainCommand.parse(base + ["--lr-schedule", "linear"]))
        XCTAssertNoThrow(
            try TrainCommand.parse(
                base + [
                    "--lr-schedule", "cosine", "--lr-warmup", "100", "--final-image-size", "256",
                    "--final-iterations", "300",
                ]))
        for bad in ["-1", "100000000000"] {
            XCTAssertThrowsError(try TrainCommand.parse(base + ["--lr-cooldown", bad]), bad) {
                XCTAssertTrue(TrainCommand.message(for: $0).contains("--lr-cooldown"), TrainCommand.message(for: $0))
            }
        }
        XCTAssertNoThrow(
            try TrainCommand.parse(
                base + ["--lr-cooldown", "700", "--final-image-size", "256", "--final-iterations", "700"]))
        // Shares of the run: 8% of 2500 iterations, or of what a --time budget plans.
        let shares = try TrainCommand.parse(
            base + [
                "--iterations", "2500", "--lr-cooldown", "8%", "--final-image-size", "256",
                "--final-iterations", "8%",
            ])
        XCTAssertEqual(shares.finalIterations, .share(0.08))
        XCTAssertEqual(shares.lrCooldown, .share(0.08))
        XCTAssertNoThrow(
            try TrainCommand.parse(base + ["--time", "28m", "--final-image-size", "256", "--final-iterations", "8%"]))
        for bad in ["0%", "150%", "x%", "%", "8.5"] {
            XCTAssertThrowsError(
                try TrainCommand.parse(base + ["--final-image-size", "256", "--final-iterations", bad]), bad
            ) {
                XCTAssertTrue(
                    TrainCommand.message(for: $0).contains("--final-iterations"), TrainCommand.message(for: $0))
            }
        }
    }
}
