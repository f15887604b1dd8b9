import Imaging
import NN
import StyleTransfer
import Tensors
import TestSupport
import XCTest

/// A network of several styles (conditional instance normalization): trained together, saved,
/// resumed exactly, one style or a blend cut from it, and a new style started from it.
final class MultiStyleTrainingTests: XCTestCase {
    private var directory: URL!
    private let paintings = ["starry_night.jpg", "great_wave.jpg"]

    override func setUpWithError() throws {
        directory = try temporaryFolder("styles")
    }

    private func crops() throws -> [Image] {
        let photos = try ImageFolder(path: TinyTraining.contentFolder)
        return try (0..<3).map { try photos.image(at: $0 * 10).resizedAndCenterCropped(to: 32) }
    }

    /// The mean style loss of `trainer`'s network in `style` on `images`, against `targets`.
    private func styleLoss(_ trainer: Trainer, style: Int, targets: StyleTargets, on images: [Image]) throws -> Double {
        trainer.network.isTraining = false
        defer { trainer.network.isTraining = true }
        trainer.network.styleOfSample = [style]
        return try images.reduce(0) { sum, image in
            sum
                + (try trainer.loss.evaluate(
                    try trainer.network.forward(Tensor(image: image)), content: nil, style: targets
                ).style)
        } / Double(images.count)
    }

    /// Every style gets its share of a batch stream, and a process's slots get the styles the
    /// whole batch gives them (data-parallel processes agree).
    func testStyleScheduleIsBalancedAndSplitsLikeTheBatch() {
        let schedule = StyleSchedule(styles: 3, batchSize: 4, seed: 9)
        var counts = [0, 0, 0]
        for iteration in 0..<30 {
            let whole = schedule.styles(iteration: iteration, slots: 0..<4)
            XCTAssertEqual(
                schedule.styles(iteration: iteration, slots: 0..<1)
                    + schedule.styles(iteration: iteration, slots: 1..<4), whole)
            for style in whole { counts[style] += 1 }
        }
        XCTAssertEqual(counts, [40, 40, 40])
        XCTAssertNotEqual(
            schedule.styles(iteration: 0, slots: 0..<4),
            StyleSchedule(styles: 3, batchSize: 4, seed: 10).styles(iteration: 0, slots: 0..<4))
    }

    /// A style of share 3 gets three times the images of one of share 1; equal shares are the
    /// balanced schedule; shares are given by name, the others 1, and bad ones are errors.
    func testStyleSharesDrawAStyleThatLagsMoreOften() throws {
        let weighted = StyleSchedule(styles: 3, batchSize: 4, seed: 9, shares: [3, 1, 1])
        var counts = [0, 0, 0]
        for iteration in 0..<30 {
            for style in weighted.styles(iteration: iteration, slots: 0..<4) { counts[style] += 1 }
        }
        XCTAssertEqual(counts, [72, 24, 24])
        let balanced = StyleSchedule(styles: 3, batchSize: 4, seed: 9)
        let ones = StyleSchedule(styles: 3, batchSize: 4, seed: 9, shares: [1, 1, 1])
        for iteration in 0..<10 {
            XCTAssertEqual(
                ones.styles(iteration: iteration, slots: 0..<4), balanced.styles(iteration: iteration, slots: 0..<4))
        }

        XCTAssertEqual(
            try StyleShares("starry_night=3").shares(for: ["great_wave", "starry_night", "udnie"]), [1, 3, 1])
        for bad in ["starry_night=0", "starry_night=x", "starry_night", "=2", "a=1,a=2", "a=101"] {
            XCTAssertThrowsError(try StyleShares(bad), bad)
        }
        XCTAssertThrowsError(try StyleShares("monet=2").shares(for: ["great_wave"])) { error in
            XCTAssertTrue("\(error)".contains("great_wave"), "\(error)")
        }
    }

    /// A resumed run may change its styles' shares (and only by name): they hold from the
    /// resumed step on and are saved with the run.
    func testAResumedRunMayChangeItsStyleShares() throws {
        let settings = try TinyTraining.settings(iterations: 4, styles: paintings)
        let first = try TinyTraining.multiStyleTrainer(settings)
        for _ in 0..<2 { try first.step() }
        let path = directory.appendingPathComponent("shares.h5").path
        try first.checkpoint().write(to: path)
        let saved = try Checkpoint.read(from: path)
        XCTAssertNil(saved.settings.styleShares)
        let resumed = try Trainer(
            resuming: saved, path: path, vggPath: try TestPaths.vggWeights(),
            batches: try TinyTraining.batches(settings),
            styleShares: try StyleShares("great_wave=3"))
        XCTAssertEqual(resumed.settings.styleShares, [1, 3])
        for _ in 0..<2 { try resumed.step() }
        try resumed.checkpoint().write(to: path)
        XCTAssertEqual(try Checkpoint.read(from: path).settings.styleShares, [1, 3])
        XCTAssertThrowsError(
            try Trainer(
                resuming: saved, path: path, vggPath: try TestPaths.vggWeights(),
                batches: try TinyTraining.batches(settings), styleShares: try StyleShares("udnie=2")))
        var single = try TinyTraining.settings(iterations: 4)
        single.styleShares = [2]
        XCTAssertThrowsError(try single.validate())
    }

    /// Saved after 3 steps and resumed for 2 more: the same network, losses and Adam moments as 5
    /// steps in one go (the styles of each batch come back with the iteration).
    func testResumingContinuesExactly() throws {
        let settings = try TinyTraining.settings(iterations: 5, styles: paintings)
        let straight = try TinyTraining.multiStyleTrainer(settings)
        for _ in 0..<5 { try straight.step() }
        let first = try TinyTraining.multiStyleTrainer(settings)
        for _ in 0..<3 { try first.step() }
        let path = directory.appendingPathComponent("multi.h5").path
        try first.checkpoint().write(to: path)
        let saved = try Checkpoint.read(from: path)
        XCTAssertEqual(saved.settings, settings)
        XCTAssertEqual(
            saved.styleTargets["relu2_2"]?.shape, [2, 128, 128] as [Int]?, "a (styles, C, C) target per layer")
        let resumed = try Trainer(
            resuming: saved, path: path, vggPath: try TestPaths.vggWeights(),
            batches: try TinyTraining.batches(settings))
        for _ in 0..<2 { try resumed.step() }
        for (a, b) in zip(resumed.network.parameters, straight.network.parameters) {
            XCTAssertEqual(a.value.toArray(), b.value.toArray(), a.name)
        }
        XCTAssertEqual(resumed.history.map(\.terms), straight.history.map(\.terms))
    }

    /// One style cut from the network stylizes exactly as the network in that style; a blend's
    /// scales and shifts are the weighted mean of the styles'; the cut needs a name, and a name
    /// of the network.
    func testSelectingAStyleOrABlend() throws {
        let settings = try TinyTraining.settings(iterations: 4, styles: paintings)
        let trainer = try TinyTraining.multiStyleTrainer(settings)
        for _ in 0..<4 { try trainer.step() }
        let checkpoint = trainer.checkpoint(includingOptimizer: false)
        let image = try crops()[0]
        let wave = try checkpoint.selecting(StyleMix(name: "great_wave"), path: "m.h5")
        XCTAssertEqual(wave.settings.network.styles, 1)
        XCTAssertEqual(wave.settings.styleImage, "great_wave.jpg")
        XCTAssertEqual(wave.styleTargets["relu2_2"]?.shape, [1, 128, 128] as [Int]?)
        let single = try Stylizer(checkpoint: wave, path: "m.h5")
        trainer.network.isTraining = false
        trainer.network.styleOfSample = [1]
        let expected = try trainer.network.forward(Tensor(image: image)).toArray()
        XCTAssertEqual(Tensor(image: try single.forward([image]).images[0]).toArray(), expected)

        let blend = try checkpoint.selecting(StyleMix(blend: "starry_night=3,great_wave=1"), path: "m.h5")
        let rows = try XCTUnwrap(checkpoint.parameters.first { $0.name == "layer2.norm.weight" })
        let mixed = try XCTUnwrap(blend.parameters.first { $0.name == "layer2.norm.weight" })
        XCTAssertEqual(mixed.shape, [16])
        for c in 0..<16 {
            XCTAssertEqual(mixed.values[c], 0.75 * rows.values[c] + 0.25 * rows.values[16 + c], accuracy: 1e-6)
        }

        XCTAssertThrowsError(try checkpoint.selecting(nil, path: "m.h5")) { error in
            XCTAssertEqual((error as? MissingSetting)?.setting, .styleName)
            XCTAssertTrue(error.localizedDescription.contains("starry_night, great_wave"), error.localizedDescription)
        }
        XCTAssertThrowsError(try checkpoint.selecting(StyleMix(name: "udnie"), path: "m.h5")) {
            XCTAssertEqual(($0 as? InvalidSetting)?.setting, .styleName)
        }
        XCTAssertThrowsError(try StyleMix(blend: "a=1,a=2"))
        XCTAssertThrowsError(try StyleMix(blend: "a=0"))
        XCTAssertThrowsError(try StyleMix(blend: "a=-1,b=2"))
        XCTAssertThrowsError(try StyleMix(blend: "a"))
    }

    /// Trained together, each style comes to paint its own painting: in its own style the
    /// network's outputs are closer to that painting's Gram matrices than in the other style. A new
    /// style started from that network gets the base's convolutions and the scales and shifts of
    /// its nearest style (a painting the base knows is its own), and with `.norm` the convolutions
    /// stay the base's while the scales and shifts train. (One test: the base's training is most
    /// of the time.)
    func testEachStyleLearnsItsPaintingAndANewStyleStartsFromTheNearest() throws {
        let baseSettings = try TinyTraining.settings(iterations: 60, styles: paintings)
        let base = try TinyTraining.multiStyleTrainer(baseSettings)
        XCTAssertEqual(base.styleCount, 2)
        for _ in 0..<baseSettings.iterations { try base.step() }
        let images = try crops()
        let targets = try TinyTraining.styleImages(baseSettings).map {
            try base.loss.styleTargets(for: Tensor(image: $0.resized(longSide: 64)))
        }
        for style in 0..<2 {
            let own = try styleLoss(base, style: style, targets: targets[style], on: images)
            let other = try styleLoss(base, style: 1 - style, targets: targets[style], on: images)
            XCTAssertLessThan(own, other, "style \(style): its own row \(own), the other's \(other)")
        }
        XCTAssertEqual(try XCTUnwrap(base.network.normalizations.first).gamma.value.shape, [2, 8])
        let basePath = directory.appendingPathComponent("base.h5").path
        try base.checkpoint(includingOptimizer: false).write(to: basePath)

        var settings = try TinyTraining.settings(iterations: 3)
        settings.styleImage = "great_wave.jpg"
        settings.trainedParameters = .norm
        let saved = try Checkpoint.read(from: basePath)
        let trainer = try Trainer(
            settings: settings,
            styles: [try Image(contentsOf: TestPaths.repositoryFile("datasets/styles/great_wave.jpg"))],
            base: saved, basePath: basePath, vggPath: try TestPaths.vggWeights(),
            batches: try TinyTraining.batches(settings))
        XCTAssertEqual(trainer.settings.base, "base.h5")
        XCTAssertEqual(trainer.settings.network.architecture, baseSettings.network.architecture)
        let waveRow = try XCTUnwrap(base.network.normalizations.first).gamma.value.toArray()[8..<16]
        XCTAssertEqual(
            Array(try XCTUnwrap(trainer.network.normalizations.first).gamma.value.toArray()), Array(waveRow),
            "the nearest base style to the Great Wave is the Great Wave's")
        let convolutions = trainer.network.parameters.filter { !$0.name.contains(".norm.") }.map { $0.value.toArray() }
        let norms = trainer.network.normalizations.map { $0.gamma.value.toArray() }
        for _ in 0..<3 { try trainer.step() }
        XCTAssertEqual(
            trainer.network.parameters.filter { !$0.name.contains(".norm.") }.map { $0.value.toArray() }, convolutions)
        XCTAssertNotEqual(trainer.network.normalizations.map { $0.gamma.value.toArray() }, norms)
        XCTAssertEqual(
            trainer.parameterCount,
            trainer.network.normalizations.flatMap(\.parameters).reduce(0) { $0 + $1.value.storageCount })

        // Saved and resumed: the optimizer holds the normalizations' moments only.
        let path = directory.appendingPathComponent("new.h5").path
        try trainer.checkpoint().write(to: path)
        var resumedSettings = try Checkpoint.read(from: path)
        resumedSettings.settings.iterations = 4
        let resumed = try Trainer(
            resuming: resumedSettings, path: path, vggPath: try TestPaths.vggWeights(),
            batches: try TinyTraining.batches(settings))
        try resumed.step()
        XCTAssertEqual(
            resumed.network.parameters.filter { !$0.name.contains(".norm.") }.map { $0.value.toArray() }, convolutions)
    }

    /// A network's styles are checked when its settings are: one image per style, distinct names,
    /// instance normalization.
    func testStyleSettingsAreChecked() throws {
        var settings = try TinyTraining.settings(iterations: 1, styles: paintings)
        XCTAssertNoThrow(try settings.validate())
        XCTAssertEqual(settings.styleNames, ["starry_night", "great_wave"])
        settings.styleImages = ["a/starry_night.jpg", "b/starry_night.png"]
        XCTAssertThrowsError(try settings.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .styleImage) }
        settings.styleImages = ["starry_night.jpg"]
        XCTAssertThrowsError(try settings.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .styleImage) }
        settings.styleImages = paintings
        settings.network.normalization = .batch
        XCTAssertThrowsError(try settings.validate()) {
            XCTAssertEqual(($0 as? InvalidSetting)?.setting, .normalization)
        }
    }
}
