import Imaging
import StyleTransfer

/// A small training run on the repository's demo photographs: a network of a few channels on
/// 32² crops, seconds per run, the same code paths as the default.
public enum TinyTraining {
    public static let architecture = "c5s1-8,d16,R16,u8,c5s1-3"
    public static var contentFolder: String { TestPaths.repositoryFile("datasets/content") }
    public static var styleFile: String { TestPaths.repositoryFile("datasets/styles/starry_night.jpg") }

    public static func options(iterations: Int) throws -> TrainingOptions {
        var options = TrainingOptions()
        options.network.architecture = try Architecture(architecture)
        options.styleImage = "starry_night.jpg"
        options.imageSize = 32
        options.batchSize = 2
        options.styleSize = 64
        options.iterations = iterations
        options.learningRate = 1e-2
        options.seed = 7
        return options
    }

    public static func styleImage() throws -> Image { try Image(contentsOf: styleFile) }

    /// `options` for a network of the demo set's paintings `names` (file names in datasets/styles).
    public static func options(iterations: Int, styles names: [String]) throws -> TrainingOptions {
        var options = try options(iterations: iterations)
        options.styleImage = ""
        options.styleImages = names
        options.network.styles = names.count
        return options
    }

    /// The paintings of `options.styleImages`, from datasets/styles.
    public static func styleImages(_ options: TrainingOptions) throws -> [Image] {
        try (options.styleImages ?? [options.styleImage]).map { try Image(contentsOf: TestPaths.repositoryFile("datasets/styles/\($0)")) }
    }

    /// A new run of a network of several styles on the demo photographs.
    public static func multiStyleTrainer(_ options: TrainingOptions) throws -> Trainer {
        try Trainer(options: options, styles: try styleImages(options), vggPath: try TestPaths.vggWeights(), batches: try batches(options))
    }

    /// The batches of `options` from `collection` (default: the demo photographs).
    public static func batches(_ options: TrainingOptions, collection: ImageCollection? = nil) throws -> TrainingBatches {
        try TrainingBatches(collection: collection ?? ImageFolder(path: contentFolder), imageSize: options.imageSize,
                            batchSize: options.batchSize, seed: options.seed)
    }

    /// A new run of `options` on the demo photographs.
    public static func trainer(_ options: TrainingOptions) throws -> Trainer {
        try Trainer(options: options, style: try styleImage(), vggPath: try TestPaths.vggWeights(), batches: try batches(options))
    }
}
