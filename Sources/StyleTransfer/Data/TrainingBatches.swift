import Imaging
import Tensors

/// The training batches of a run, drawn from a collection so that batch `i` depends only on
/// the seed and `i`: a run resumed at iteration `i` sees exactly the batches it would have seen.
///
/// The images are taken in epochs: slot `s` of batch `i` is position `p = i·batchSize + s` of
/// the stream, in epoch `p / count`, whose order is a permutation of all indices seeded by
/// (seed, epoch) (Fisher–Yates). So every image appears exactly once per epoch. Each image is
/// augmented with a random square crop (side uniform in [0.6, 1] × its short side, position
/// uniform), resized to `imageSize`² (antialiased Lanczos; small images are upscaled), and
/// flipped horizontally with probability ½, all seeded by (seed, i, s).
///
/// An unreadable image is replaced by the next readable one of the epoch's order, recorded in
/// `skipped`, and reported once through `onSkip`.
public final class TrainingBatches {
    public let collection: any ImageCollection
    public let imageSize: Int
    public let batchSize: Int
    public let seed: UInt64
    /// Names of the images found unreadable so far.
    public private(set) var skipped: Set<String> = []
    /// Called once per unreadable image, with its name and the error.
    public var onSkip: (String, Error) -> Void = { _, _ in }

    private var unreadable: Set<Int> = []
    /// The permutation of the last epoch used; consecutive batches mostly share an epoch.
    private var cachedOrder: (epoch: Int, order: [Int])?

    public init(collection: any ImageCollection, imageSize: Int, batchSize: Int, seed: UInt64) throws {
        try InvalidSetting.requirePositive(imageSize, .imageSize)
        try InvalidSetting.requirePositive(batchSize, .batchSize)
        self.collection = collection
        self.imageSize = imageSize
        self.batchSize = batchSize
        self.seed = seed
    }

    /// Batches from the training set at `dataset`: an image pack (`.h5`, `.hdf5`, see `ImagePack`)
    /// or a folder of images.
    public convenience init(
        dataset: String, imageSize: Int, batchSize: Int, seed: UInt64,
        readSettings: ImageReadSettings = .init()
    ) throws {
        let name = dataset.lowercased()
        let collection: any ImageCollection =
            name.hasSuffix(".h5") || name.hasSuffix(".hdf5")
            ? try ImagePack(path: dataset) : try ImageFolder(path: dataset, readSettings: readSettings)
        try self.init(collection: collection, imageSize: imageSize, batchSize: batchSize, seed: seed)
    }

    /// Batch `iteration` (0-based): a (batchSize, 3, S, S) plain tensor of RGB values in 0…255,
    /// S = `size` (default `imageSize`), and the names of its images in slot order; or only the
    /// images of `slots` (a process's share of the batch in data-parallel training), the same
    /// images and crops as in the whole batch.
    public func batch(iteration: Int, size: Int? = nil, slots: Range<Int>? = nil) throws -> (
        images: Tensor, names: [String]
    ) {
        precondition(iteration >= 0, "iteration \(iteration) is negative")
        let slots = slots ?? 0..<batchSize
        precondition(
            slots.lowerBound >= 0 && slots.upperBound <= batchSize && !slots.isEmpty,
            "slots \(slots) of a batch of \(batchSize)")
        var images = [Image]()
        var names = [String]()
        for slot in slots {
            let position = iteration * batchSize + slot
            let (index, picture) = try readableImage(
                epoch: position / collection.count, offset: position % collection.count)
            var random = Self.generator(seed, 2, UInt64(iteration), UInt64(slot))
            images.append(Self.augmented(picture, size: size ?? imageSize, using: &random))
            names.append(collection.name(at: index))
        }
        return (Tensor(images: images), names)
    }

    /// The image at `offset` of the epoch's order, or the first readable one after it (wrapping
    /// around the order).
    private func readableImage(epoch: Int, offset: Int) throws -> (Int, Image) {
        let order = permutation(epoch: epoch)
        for step in 0..<order.count {
            let index = order[(offset + step) % order.count]
            if unreadable.contains(index) { continue }
            do {
                return (index, try collection.image(at: index))
            } catch {
                unreadable.insert(index)
                let name = collection.name(at: index)
                skipped.insert(name)
                onSkip(name, error)
            }
        }
        throw DatasetError.noReadableImage(
            description: "the training set (\(collection.name(at: 0)), …)", count: order.count)
    }

    /// All indices in the order of `epoch` (Fisher–Yates).
    private func permutation(epoch: Int) -> [Int] {
        if let cachedOrder, cachedOrder.epoch == epoch { return cachedOrder.order }
        var random = Self.generator(seed, 1, UInt64(epoch))
        let order = Self.shuffled(count: collection.count, using: &random)
        cachedOrder = (epoch, order)
        return order
    }

    /// 0..<count in a random order (Fisher–Yates).
    static func shuffled(count: Int, using random: inout SeededGenerator) -> [Int] {
        var order = Array(0..<count)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, uniformIndex(below: i + 1, using: &random))
        }
        return order
    }

    /// A random square crop resized to `size`², flipped with probability ½.
    static func augmented(_ image: Image, size: Int, using random: inout SeededGenerator) -> Image {
        let short = min(image.width, image.height)
        let side = min(short, max(1, Int((Float(short) * (0.6 + 0.4 * random.nextUnit())).rounded())))
        let x = uniformIndex(below: image.width - side + 1, using: &random)
        let y = uniformIndex(below: image.height - side + 1, using: &random)
        let square = image.cropped(x: x, y: y, width: side, height: side).resized(width: size, height: size)
        return random.nextUnit() < 0.5 ? square.flippedHorizontally() : square
    }

    /// Uniform in 0..<bound (the high word of a 64×64-bit product: bias below bound / 2⁶⁴,
    /// and the same on every platform, unlike the standard library's `random(in:using:)`).
    static func uniformIndex(below bound: Int, using random: inout SeededGenerator) -> Int {
        Int(random.next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// An independent generator for one purpose (the first part names it) and its numbers.
    static func generator(_ seed: UInt64, _ parts: UInt64...) -> SeededGenerator {
        var random = SeededGenerator(seed: seed)
        for part in parts { random = SeededGenerator(seed: random.next() ^ part) }
        return random
    }
}
