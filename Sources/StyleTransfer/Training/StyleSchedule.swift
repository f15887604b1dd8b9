import Tensors

/// Which style each image of a training batch is stylized in, when a network learns several
/// (Dumoulin et al. train a style per image of the batch): slot `s` of batch `i` is position
/// `p = i·batchSize + s` of a stream taken in rounds, each round a permutation, seeded by
/// (seed, round), of every style repeated its share times. With equal shares every style gets the
/// same part of the images; a style of share 3 gets three times the images of a style of share 1
/// (`TrainingSettings.styleShares`: styles that lag get more). The style of a slot depends only on
/// the seed, the shares and its position, so a resumed run and every process of a data-parallel
/// group agree on it.
public struct StyleSchedule: Sendable {
    public let styles: Int
    public let batchSize: Int
    public let seed: UInt64
    /// A round of the stream: style `k` written `shares[k]` times (0, 1, 2, … with equal shares).
    private let round: [Int]

    /// `shares`: how many images of each round each style gets (nil: one each).
    public init(styles: Int, batchSize: Int, seed: UInt64, shares: [Int]? = nil) {
        precondition(
            shares.map { $0.count == styles && $0.allSatisfy { $0 > 0 } } ?? true, "one positive share per style")
        self.styles = styles
        self.batchSize = batchSize
        self.seed = seed
        round = (shares ?? [Int](repeating: 1, count: styles)).enumerated().flatMap {
            [Int](repeating: $0.offset, count: $0.element)
        }
    }

    /// The styles of `slots` of batch `iteration` (0-based).
    public func styles(iteration: Int, slots: Range<Int>) -> [Int] {
        slots.map { slot in
            let position = iteration * batchSize + slot
            var random = TrainingBatches.generator(seed, 3, UInt64(position / round.count))
            return round[TrainingBatches.shuffled(count: round.count, using: &random)[position % round.count]]
        }
    }
}
