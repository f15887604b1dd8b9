import Imaging
import StyleTransfer

/// A small training run on the repository's demo photographs: a network of a few channels on
/// 32² crops, seconds per run, the same code paths as the default.
public enum TinyTraining {
    public static let architecture = "c5s1-8,d16,R16,u8,c5s1-3"
    public static var contentFolder: String { TestPaths.repositoryFile("datasets/content") }
    public static var styleFile: String { TestPaths.repositoryFile("datasets/styles/starry_night.jpg") }

    public static func settings(iterations: Int) throws -> TrainingSettings {
        var settings = TrainingSettings()
        settings.network.architecture = try Architecture(architecture)
        settings.styleImage = "starry_night.jpg"
        settings.imageSize = 32
        settings.batchSize = 2
        settings.styleSize = 64
        settings.iterations = iterations
        settings.learningRate = 1e-2
        settings.seed = 7
        return settings
    }

    public static func styleImage() throws -> Image { try Image(contentsOf: styleFile) }

    /// `settings` for a network of the demo set's paintings `names` (file names in datasets/styles).
    public static func settings(iterations: Int, styles names: [String]) throws -> TrainingSettings {
        var settings = try settings(iterations: iterations)
        settings.styleImage = ""
        settings.styleImages = names
        settings.network.styles = names.count
        return settings
    }

    /// The paintings of `settings.styleImages`, from datasets/styles.
    public static func styleImages(_ settings: TrainingSettings) throws -> [Image] {
        try (settings.styleImages ?? [settings.styleImage]).map {
            try Image(contentsOf: TestPaths.repositoryFile("datasets/styles/\($0)"))
        }
    }

    /// A new run of a network of several styles on the demo photographs.
    public static func multiStyleTrainer(_ settings: TrainingSettings) throws -> Trainer {
        try Trainer(
            settings: settings, styles: try styleImages(settings), vggPath: try TestPaths.vggWeights(),
            batches: try batches(settings))
    }

    /// The batches of `settings` from `collection` (default: the demo photographs).
    public static func batches(_ settings: TrainingSettings, collection: ImageCollection? = nil) throws
        -> TrainingBatches
    {
        try TrainingBatches(
            collection: collection ?? ImageFolder(path: contentFolder), imageSize: settings.imageSize,
            batchSize: settings.batchSize, seed: settings.seed)
    }

    /// A new run of `settings` on the demo photographs.
    public static func trainer(_ settings: TrainingSettings) throws -> Trainer {
        try Trainer(
            settings: settings, style: try styleImage(), vggPath: try TestPaths.vggWeights(),
            batches: try batches(settings))
    }
}
