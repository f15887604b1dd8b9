import Tensors

/// Which style each image of a training batch is stylized in, when a network learns several
/// (Dumoulin et al. train a style per image of the batch): slot `s` of batch `i` is position
/// `p = i·batchSize + s` of a stream taken in rounds of all styles, each round a permutation
/// seeded by (seed, round). Every style gets the same share of the images, and the style of a
/// slot depends only on the seed and its position, so a resumed run and every process of a
/// data-parallel group agree on it.
public struct StyleSchedule: Sendable {
    public let styles: Int
    public let batchSize: Int
    public let seed: UInt64

    public init(styles: Int, batchSize: Int, seed: UInt64) {
        self.styles = styles
        self.batchSize = batchSize
        self.seed = seed
    }

    /// The styles of `slots` of batch `iteration` (0-based).
    public func styles(iteration: Int, slots: Range<Int>) -> [Int] {
        slots.map { slot in
            let position = iteration * batchSize + slot
            var random = TrainingBatches.generator(seed, 3, UInt64(position / styles))
            return TrainingBatches.shuffled(count: styles, using: &random)[position % styles]
        }
    }
}
