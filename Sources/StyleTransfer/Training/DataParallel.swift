import Collectives
import Foundation
import NN

/// The rules of training one network on several processes at once (data parallelism, as
/// Horovod): the global batch of step `i` is the one a single process would take, each process
/// takes its contiguous share of its slots (`ProcessGroup.share`: ⌊B/N⌋ or ⌈B/N⌉ images when N
/// does not divide B), and the gradients are summed over the processes with each process's
/// weighted by its share of the batch, so the sum is the gradient of the batch's mean loss, as
/// one process computes it (up to the order of the float sums). Every process then takes the
/// same Adam step, so the parameters stay the same everywhere; that is checked every
/// `checkEvery` steps.
///
/// Whatever goes wrong is seen by every process at the same step, because it is decided on
/// values every process has received (the summed loss, the summed gradient, the gathered
/// checksums): each throws the same `DataParallelError`, and none waits for another.
final class DataParallel {
    let group: ProcessGroup
    let batchSize: Int
    /// Steps between checks that every process holds the same parameters (a checksum gathered
    /// from each: 1.7 M parameters hashed in about 2 ms).
    static let checkEvery = 50

    init(group: ProcessGroup, batchSize: Int) {
        self.group = group
        self.batchSize = batchSize
    }

    /// This process's slots of the global batch.
    var slots: Range<Int> { group.share(of: batchSize) }

    /// The batch's loss terms from this process's terms (the mean over its `images`): the sum
    /// over processes of each one's mean weighted by its share. Throws, on every process, when
    /// a process's loss is not finite, naming it.
    func combined(_ terms: LossTerms, images: Int, iteration: Int) throws -> LossTerms {
        let weight = Double(images) / Double(batchSize)
        let local = [terms.content, terms.style, terms.totalVariation, terms.total].map { $0 * weight }
        let sums = group.sum(local)
        let combined = LossTerms(content: sums[0], style: sums[1], totalVariation: sums[2], total: sums[3])
        guard combined.total.isFinite else {
            throw DataParallelError.lossNotFinite(
                iteration: iteration, ranks: failingRanks(terms.total.isFinite), processes: group.size)
        }
        return combined
    }

    /// Replaces this process's gradients (of the mean loss over its `images`) by the gradient of
    /// the batch's mean loss, summed over the processes in place. Throws, on every process, when
    /// the result is not finite, naming the processes whose own gradients were not.
    func combineGradients(_ gradients: UnsafeMutableBufferPointer<Float>, images: Int, iteration: Int) throws {
        let weight = Float(images) / Float(batchSize)
        if weight != 1 {
            for i in gradients.indices { gradients[i] *= weight }
        }
        let locallyFinite = gradients.allSatisfy(\.isFinite)
        group.sumInPlace(gradients)
        guard gradients.allSatisfy(\.isFinite) else {
            throw DataParallelError.gradientNotFinite(
                iteration: iteration, ranks: failingRanks(locallyFinite), processes: group.size)
        }
    }

    /// The mean of the validation loss over all `count` images from this process's sum over its
    /// share (each image's terms divided by `count`).
    func combinedValidation(_ partial: LossTerms) -> LossTerms {
        let sums = group.sum([partial.content, partial.style, partial.totalVariation, partial.total])
        return LossTerms(content: sums[0], style: sums[1], totalVariation: sums[2], total: sums[3])
    }

    /// The smallest of the processes' `iterations` (their plans for a time budget, each from its
    /// own clock and speed).
    func agreed(iterations: Int) -> Int {
        Int(group.gather(UInt64(max(0, iterations))).min() ?? UInt64(iterations))
    }

    /// Throws, on every process, unless all hold the same parameters.
    func requireSameParameters(_ values: UnsafeBufferPointer<Float>, iteration: Int) throws {
        var hash = Self.hashSeed
        Self.hash(values, into: &hash)
        let differing = differingRanks(hash)
        guard differing.isEmpty else {
            throw DataParallelError.parametersDiverged(iteration: iteration, ranks: differing)
        }
    }

    /// Throws, on every process, unless all start the same run: the same settings, the same
    /// number of training images, the same iteration, parameters and Adam moments (a different
    /// checkpoint or dataset on one machine would otherwise train silently on a mixture).
    func requireSameStart(
        settings: TrainingSettings, imageCount: Int?, iteration: Int,
        parameters: UnsafeBufferPointer<Float>, optimizer: AdamState
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var settingsHash = Self.hashSeed
        for byte in (try? encoder.encode(settings)) ?? Data() {
            settingsHash = (settingsHash ^ UInt64(byte)) &* Self.hashPrime
        }
        let checks: [(String, UInt64)] = [
            ("the training options", settingsHash),
            ("the number of training images", UInt64(bitPattern: Int64(imageCount ?? -1))),
            ("the iteration", UInt64(iteration)),
            (
                "the parameters or optimizer state",
                {
                    var hash = Self.hashSeed
                    Self.hash(parameters, into: &hash)
                    optimizer.firstMoment.withUnsafeBufferPointer { Self.hash($0, into: &hash) }
                    optimizer.secondMoment.withUnsafeBufferPointer { Self.hash($0, into: &hash) }
                    return hash ^ UInt64(optimizer.step)
                }()
            ),
        ]
        for (what, value) in checks {
            let differing = differingRanks(value)
            guard differing.isEmpty else { throw DataParallelError.startsDiffer(ranks: differing, what: what) }
        }
    }

    /// The ranks whose `value` differs from rank 0's.
    private func differingRanks(_ value: UInt64) -> [Int] {
        let all = group.gather(value)
        return all.indices.filter { all[$0] != all[0] }
    }

    /// The ranks where `ok` is false (every process must call this at the same point).
    private func failingRanks(_ ok: Bool) -> [Int] {
        let all = group.gather(ok ? 0 : 1)
        return all.indices.filter { all[$0] != 0 }
    }

    // FNV-1a over 32-bit words.
    private static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let hashPrime: UInt64 = 0x100_0000_01b3

    private static func hash(_ values: UnsafeBufferPointer<Float>, into hash: inout UInt64) {
        for value in values { hash = (hash ^ UInt64(value.bitPattern)) &* hashPrime }
    }
}
