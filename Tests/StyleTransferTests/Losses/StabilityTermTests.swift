import NN
import StyleTransfer
import Tensors
import TestSupport
import XCTest

final class StabilityTermTests: XCTestCase {
    private func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 50) -> Tensor {
        var random = SeededGenerator(seed: seed)
        let t = Tensor(shape: shape)
        t.fillNormal(mean: 128, standardDeviation: scale, using: &random)
        return t
    }

    /// The gradient the term adds is the derivative of the value it returns (central
    /// differences, on entries of both halves of the pair, inside and outside the compared area).
    func testGradientMatchesFiniteDifferences() {
        let term = StabilityTerm(weight: 3)
        let shifts = [StabilityTerm.Shift(dy: 3, dx: -2), StabilityTerm.Shift(dy: -4, dx: 1)]
        let output = randomTensor([4, 3, 48, 44], seed: 1)
        let gradient = Tensor(shape: output.shape)
        gradient.fill(0.5)   // the term adds to what is there
        term.evaluate(output, shifts: shifts, addingInto: gradient)
        var random = SeededGenerator(seed: 2)
        var checked = 0
        for _ in 0..<400 {
            let i = Int(random.next() % UInt64(output.count))
            let saved = output.data[i]
            let h: Float = 0.25
            output.data[i] = saved + h
            let plus = term.evaluate(output, shifts: shifts, addingInto: nil)
            output.data[i] = saved - h
            let minus = term.evaluate(output, shifts: shifts, addingInto: nil)
            output.data[i] = saved
            let numeric = (plus - minus) / Double(2 * h)
            let analytic = Double(gradient.data[i] - 0.5)
            XCTAssertEqual(analytic, numeric, accuracy: 1e-3 * max(1, abs(numeric)), "entry \(i)")
            if analytic != 0 { checked += 1 }
        }
        XCTAssertGreaterThan(checked, 20, "too few entries inside the compared area")
    }

    /// An output that moves exactly as its input moved costs nothing; one that stays put costs.
    func testAnOutputThatFollowsItsInputCostsNothing() {
        let term = StabilityTerm(weight: 1)
        let (n, c, h, w) = (2, 3, 40, 36)
        let original = randomTensor([n, c, h, w], seed: 3)
        let shifts = [StabilityTerm.Shift(dy: 2, dx: -3), StabilityTerm.Shift(dy: -1, dx: 4)]
        let output = Tensor(shape: [2 * n, c, h, w])
        output.data.update(from: original.data, count: original.count)
        for (k, shift) in shifts.enumerated() {
            for ch in 0..<c {
                for y in 0..<h {
                    for x in 0..<w {
                        let sy = min(h - 1, max(0, y + shift.dy)), sx = min(w - 1, max(0, x + shift.dx))
                        output.data[output.index(n + k, ch, y, x)] = original.data[original.index(k, ch, sy, sx)]
                    }
                }
            }
        }
        XCTAssertEqual(term.evaluate(output, shifts: shifts, addingInto: nil), 0)
        output.data.update(from: original.data, count: original.count)
        output.data.advanced(by: original.count).update(from: original.data, count: original.count)
        XCTAssertGreaterThan(term.evaluate(output, shifts: shifts, addingInto: nil), 100)
    }

    /// The copy is the crop moved by the drawn shift, reflected at the border, with noise of the
    /// stated size; the crops themselves are untouched; the same step draws the same copy.
    func testTheCopyIsTheCropMovedWithNoise() {
        let term = StabilityTerm(weight: 1)
        let content = randomTensor([2, 3, 48, 40], seed: 4, scale: 30)
        let (paired, shifts) = term.pairedBatch(content, seed: 9, iteration: 17, slots: 0..<2)
        XCTAssertEqual(paired.shape, [4, 3, 48, 40])
        XCTAssertEqual(Array(paired.buffer.prefix(content.count)), content.toArray())
        XCTAssertTrue(shifts.allSatisfy { abs($0.dy) <= StabilityTerm.largestShift && abs($0.dx) <= 4 })
        var differences: [Double] = []
        for (k, shift) in shifts.enumerated() {
            for ch in 0..<3 {
                for y in 0..<48 {
                    for x in 0..<40 {
                        let sy = abs(y + shift.dy) < 48 ? abs(y + shift.dy) : 94 - (y + shift.dy)
                        let sx = abs(x + shift.dx) < 40 ? abs(x + shift.dx) : 78 - (x + shift.dx)
                        let moved = content.data[content.index(k, ch, sy, sx)]
                        guard moved > 10, moved < 245 else { continue }   // clamped to [0, 255]
                        differences.append(Double(paired.data[paired.index(2 + k, ch, y, x)] - moved))
                    }
                }
            }
        }
        let mean = differences.reduce(0, +) / Double(differences.count)
        let deviation = (differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(differences.count))
            .squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.05)
        XCTAssertEqual(deviation, Double(StabilityTerm.noise), accuracy: 0.1)
        let (again, shiftsAgain) = term.pairedBatch(content, seed: 9, iteration: 17, slots: 0..<2)
        XCTAssertEqual(again.toArray(), paired.toArray())
        XCTAssertEqual(shiftsAgain, shifts)
        // A process that holds only the second slot draws what the whole batch drew for it.
        let (second, secondShifts) = term.pairedBatch(content.images(1..<2).copy(), seed: 9, iteration: 17, slots: 1..<2)
        XCTAssertEqual(secondShifts, [shifts[1]])
        XCTAssertEqual(second.images(1..<2).toArray(), paired.images(3..<4).toArray())
    }

    /// In training, the term leaves the perceptual terms as they were and its gradient reaches
    /// the network: when it dominates the loss, a few steps make the network answer a moved crop
    /// with its answer moved (how much it should weigh against the style is measured on video,
    /// docs/video.md).
    func testTrainingWithTheTermMakesTheNetworkSteadier() throws {
        var plain = try TinyTraining.settings(iterations: 25)
        plain.imageSize = 48
        plain.learningRate = 3e-3
        var steady = plain
        steady.stabilityWeight = 1e6
        steady.loss.styleWeight = 1e-6
        steady.loss.contentWeight = 1e-6
        let content = try TinyTraining.batches(plain).batch(iteration: 0, size: 48).images
        let probeTerm = StabilityTerm(weight: 1)
        let (probe, shifts) = probeTerm.pairedBatch(content, seed: 5, iteration: 0, slots: 0..<2)

        func instability(_ trainer: Trainer) throws -> Double {
            trainer.network.isTraining = true
            trainer.network.styleOfSample = [0, 0, 0, 0]
            return probeTerm.evaluate(try trainer.network.forward(probe), shifts: shifts, addingInto: nil)
        }
        let a = try TinyTraining.trainer(plain), b = try TinyTraining.trainer(steady)
        let first = (try a.step(on: content), try b.step(on: content))
        XCTAssertEqual(first.0.content, first.1.content)
        XCTAssertEqual(first.0.style, first.1.style)
        let weighted = Double(steady.loss.contentWeight) * first.1.content + Double(steady.loss.styleWeight)
            * first.1.style + Double(steady.loss.totalVariationWeight) * first.1.totalVariation
        XCTAssertGreaterThan(first.1.total, weighted + 1)
        for _ in 1..<plain.iterations {
            try a.step()
            try b.step()
        }
        let (without, with) = (try instability(a), try instability(b))
        XCTAssertLessThan(with, 0.1 * without, "instability without the term \(without), with it \(with)")
    }

    /// A resumed run may take on, or change, a stability weight; the checkpoint records it.
    func testAResumedRunMayChangeItsStabilityWeight() throws {
        let settings = try TinyTraining.settings(iterations: 3)
        let first = try TinyTraining.trainer(settings)
        try first.step()
        let directory = try temporaryFolder("stability")
        let path = directory.appendingPathComponent("resume.h5").path
        try first.checkpoint().write(to: path)
        var given = settings
        given.stabilityWeight = 20
        let saved = try Checkpoint.read(from: path)
        XCTAssertNoThrow(try given.requireNoConflicts(resuming: saved.settings, given: [.stabilityWeight]))
        let resumed = try Trainer(
            resuming: saved, path: path, vggPath: try TestPaths.vggWeights(),
            batches: try TinyTraining.batches(settings), stabilityWeight: 20)
        try resumed.step()
        try resumed.checkpoint().write(to: path)
        XCTAssertEqual(try Checkpoint.read(from: path).settings.stabilityWeight, 20)
        given.stabilityWeight = -1
        XCTAssertThrowsError(try given.validate()) {
            XCTAssertEqual(($0 as? InvalidSetting)?.setting, .stabilityWeight)
        }
    }
}
