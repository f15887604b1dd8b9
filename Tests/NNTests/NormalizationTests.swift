import NN
import Tensors
import XCTest

final class NormalizationTests: XCTestCase {
    private func randomAffine(_ gamma: Parameter, _ beta: Parameter, seed: UInt64 = 5) {
        var generator = SeededGenerator(seed: seed)
        gamma.value.fillUniform(0.5, 1.5, using: &generator)
        beta.value.fillUniform(-0.5, 0.5, using: &generator)
    }

    func testInstanceNormGradientsBlockedOddSizeBatchTwo() throws {
        let norm = try InstanceNorm(channels: 20)
        randomAffine(norm.gamma, norm.beta)
        try assertGradientsMatch(norm, input: randomTensor([2, 20, 5, 7], channelBlock: featureBlock), epsilon: 1e-2)
    }

    func testInstanceNormGradientsPlain() throws {
        let norm = try InstanceNorm(channels: 3)
        randomAffine(norm.gamma, norm.beta)
        try assertGradientsMatch(norm, input: randomTensor([2, 3, 4, 5]), epsilon: 1e-2)
    }

    /// Conditional instance normalization: each sample of a batch with its own style's row of
    /// γ and β; gradients (finite differences) land in those rows only.
    func testConditionalInstanceNormGradients() throws {
        let norm = try InstanceNorm(channels: 20, styles: 3)
        XCTAssertEqual(norm.gamma.value.shape, [3, 20])
        randomAffine(norm.gamma, norm.beta)
        norm.styleOfSample = [2, 0, 2]
        try assertGradientsMatch(norm, input: randomTensor([3, 20, 5, 4], channelBlock: featureBlock), epsilon: 1e-2)
        norm.gamma.gradient.zero()
        norm.beta.gradient.zero()
        _ = try norm.forward(randomTensor([3, 20, 5, 4], channelBlock: featureBlock))
        _ = try norm.backward(randomTensor([3, 20, 5, 4], channelBlock: featureBlock, seed: 9))
        let dGamma = norm.gamma.gradient.toArray(), dBeta = norm.beta.gradient.toArray()
        XCTAssertTrue(
            dGamma[20..<40].allSatisfy { $0 == 0 } && dBeta[20..<40].allSatisfy { $0 == 0 }, "style 1 had no sample")
        XCTAssertTrue(dBeta[0..<20].contains { $0 != 0 } && dBeta[40..<60].contains { $0 != 0 })
    }

    /// A sample in style s is normalized exactly as a one-style layer holding row s would.
    func testConditionalInstanceNormMatchesOneStyleLayers() throws {
        let conditional = try InstanceNorm(channels: 5, styles: 2, fusedReLU: true)
        randomAffine(conditional.gamma, conditional.beta)
        let x = randomTensor([2, 5, 4, 3])
        conditional.styleOfSample = [1, 0]
        let both = try conditional.forward(x).toArray()
        for (sample, style) in [(0, 1), (1, 0)] {
            let single = try InstanceNorm(channels: 5, fusedReLU: true)
            single.gamma.value.data.update(
                from: Array(conditional.gamma.value.toArray()[(style * 5)..<(style * 5 + 5)]), count: 5)
            single.beta.value.data.update(
                from: Array(conditional.beta.value.toArray()[(style * 5)..<(style * 5 + 5)]), count: 5)
            let one = Tensor(shape: [1, 5, 4, 3], values: Array(x.toArray()[(sample * 60)..<(sample * 60 + 60)]))
            XCTAssertEqual(try single.forward(one).toArray(), Array(both[(sample * 60)..<(sample * 60 + 60)]))
        }
        conditional.styleOfSample = [2, 0]
        XCTAssertThrowsError(try conditional.forward(x))
        conditional.styleOfSample = [1]
        XCTAssertThrowsError(try conditional.forward(x))
    }

    func testInstanceNormFusedReLUGradients() throws {
        // Finite differences are wrong across the ReLU kink: use the first input whose
        // pre-activations all stay 0.01 away from zero (checked with an unfused layer).
        let norm = try InstanceNorm(channels: 16, fusedReLU: true)
        let reference = try InstanceNorm(channels: 16)
        randomAffine(norm.gamma, norm.beta)
        randomAffine(reference.gamma, reference.beta)
        let input = try XCTUnwrap(
            (1...50).lazy.map { randomTensor([1, 16, 6, 5], channelBlock: featureBlock, seed: $0) }
                .first { x in (try? reference.forward(x).toArray().allSatisfy { abs($0) > 0.01 }) == true })
        try assertGradientsMatch(norm, input: input, epsilon: 3e-3)
    }

    /// Frozen statistics replace each sample's own: frozen to sample 0's, both samples of a
    /// batch are normalized as sample 0 was; the backward pass refuses (inference only).
    func testInstanceNormFrozenStatistics() throws {
        let norm = try InstanceNorm(channels: 20, fusedReLU: true)
        randomAffine(norm.gamma, norm.beta)
        let x = randomTensor([1, 20, 6, 7], channelBlock: featureBlock)
        let own = try norm.forward(x).toArray()
        let statistics = norm.statistics(ofSample: 0)
        XCTAssertEqual(statistics.mean.count, 20)
        norm.frozenStatistics = statistics
        XCTAssertEqual(try norm.forward(x).toArray(), own)
        let shifted = Tensor(converting: x, toChannelBlock: x.channelBlock)
        for i in 0..<shifted.storageCount { shifted.data[i] += 3 }
        shifted.zeroBlockPadding()
        XCTAssertNotEqual(try norm.forward(shifted).toArray(), own)
        XCTAssertThrowsError(try norm.backward(randomTensor([1, 20, 6, 7], channelBlock: featureBlock)))
        norm.frozenStatistics = nil
        let unfrozen = try norm.forward(shifted).toArray()   // its own statistics remove the shift
        XCTAssertLessThan(zip(unfrozen, own).map { abs($0 - $1) }.max() ?? 1, 1e-3)
    }

    func testInstanceNormInPlaceInInferenceGivesTheSameOutput() throws {
        let norm = try InstanceNorm(channels: 20, fusedReLU: true)
        var generator = SeededGenerator(seed: 5)
        norm.gamma.value.fill(1.5)
        for i in 0..<20 { norm.beta.value.data[i] = Float.random(in: -1...1, using: &generator) }
        let x = randomTensor([2, 20, 6, 7], channelBlock: featureBlock)
        let expected = try norm.forward(x).toArray()
        norm.normalizesInPlaceInInference = true
        XCTAssertFalse(try norm.forward(x) === x, "training passes keep the input for backward")
        let y = try ForwardPass.inferenceOnly { try norm.forward(x) }
        XCTAssertTrue(y === x)
        XCTAssertEqual(y.toArray(), expected)
    }

    func testInstanceNormOutputIsNormalizedPerSampleAndChannel() throws {
        let norm = try InstanceNorm(channels: 17)
        // Large mean, small spread: the statistics must not cancel catastrophically.
        let x = randomTensor([2, 17, 9, 11], channelBlock: featureBlock, low: 1000, high: 1001)
        let y = try norm.forward(x).toArray()
        let plane = 9 * 11
        for p in 0..<(2 * 17) {
            let values = y[(p * plane)..<((p + 1) * plane)]
            let mean = values.reduce(0, +) / Float(plane)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(plane)
            XCTAssertEqual(mean, 0, accuracy: 1e-3)
            XCTAssertEqual(variance, 1, accuracy: 2e-2)
        }
    }

    func testBatchNormTrainingGradients() throws {
        let norm = try BatchNorm(channels: 18)
        randomAffine(norm.gamma, norm.beta)
        try assertGradientsMatch(norm, input: randomTensor([3, 18, 3, 5], channelBlock: featureBlock), epsilon: 1e-2)
    }

    func testBatchNormInferenceUsesRunningStatistics() throws {
        let norm = try BatchNorm(channels: 3, momentum: 1)
        let x = randomTensor([4, 3, 5, 5], low: 2, high: 6)
        _ = try norm.forward(x)   // momentum 1: running estimates = this batch's
        norm.isTraining = false
        randomAffine(norm.gamma, norm.beta)
        try assertGradientsMatch(norm, input: x, epsilon: 1e-2)
        let values = x.toArray()
        var c0: [Float] = []
        for n in 0..<4 { c0 += values[(n * 75)..<(n * 75 + 25)] }
        let mean = c0.reduce(0, +) / Float(c0.count)
        XCTAssertEqual(norm.runningMean.data[0], mean, accuracy: 1e-4)
    }

    func testWrongChannelCountThrows() throws {
        XCTAssertThrowsError(try InstanceNorm(channels: 0))
        XCTAssertThrowsError(try InstanceNorm(channels: 4).forward(Tensor(shape: [1, 3, 4, 4])))
        XCTAssertThrowsError(try BatchNorm(channels: 4).backward(Tensor(shape: [1, 4, 4, 4])))
    }
}
