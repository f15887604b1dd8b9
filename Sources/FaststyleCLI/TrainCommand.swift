import ArgumentParser
import Foundation
import Imaging
import NN
import StyleTransfer

/// `faststyle train`: trains a transformation network for one style.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a feed-forward style transfer network for one style (Johnson et al. 2016).",
        discussion: """
            Writes CHECKPOINT (HDF5, atomically) every --checkpoint-every iterations and at the end, and \
            beside it CHECKPOINT-without-.h5 + .csv (loss history), .svg (loss curve) and a _samples folder \
            (stylized --val images). Ctrl-C saves a checkpoint and stops; --resume continues exactly.
            """)

    @Option(help: "The style image.")
    var style: String?

    @Option(help: "Training photographs: a folder (searched recursively) or an HDF5 pack (faststyle dataset pack).")
    var dataset: String

    @Option(help: "A folder of validation photographs: loss measured and samples written on them.")
    var val: String?

    @Option(help: "Where to write the checkpoint.")
    var checkpoint: String

    @Option(help: "Continue the run saved in this checkpoint (its options are used; --iterations may extend it).")
    var resume: String?

    @Option(help: "Side of the square training crops, in pixels.")
    var imageSize: Int = TrainingOptions().imageSize

    @Option(help: "Images per step.")
    var batchSize: Int = TrainingOptions().batchSize

    @Option(help: "Training steps.")
    var iterations: Int?

    @Option(help: "Passes over the dataset (instead of --iterations).")
    var epochs: Double?

    @Option(help: "Adam's learning rate.")
    var learningRate: Float = TrainingOptions().learningRate

    @Option(help: "Multiply the learning rate by --lr-decay-factor every this many iterations (0: never).")
    var lrDecayEvery: Int = 0

    @Option(help: "The learning-rate decay factor.")
    var lrDecayFactor: Float = 0.5

    @OptionGroup var lossOptions: LossOptions

    @Option(help: "Long side of the style image when its Gram matrices are computed (0: as it is).")
    var styleSize: Int = TrainingOptions().styleSize ?? 0

    @Option(help: "Network architecture string, e.g. c9s1-32,d64,d128,R128,R128,R128,R128,R128,u64,u32,c9s1-3.")
    var arch: String = Architecture.johnson.description

    @Option(help: "Normalization: instance or batch.")
    var norm: TransformerOptions.Normalization = .instance

    @Option(help: "Padding of the network's convolutions: reflection or zero.")
    var padding: PaddingMode = .reflection

    @Option(help: "Upsampling: nearest (then convolve) or transposed (fractionally strided convolution).")
    var upsample: TransformerOptions.Upsampling = .nearest

    @Option(help: "Output activation: tanh (scaled to 0…255) or linear (clamped when saved).")
    var outputActivation: TransformerOptions.OutputActivation = .linear

    @OptionGroup var lossNetwork: LossNetworkOptions
    @OptionGroup var imageOptions: ImageReadingOptions

    @Option(help: "Random seed: initialization, data order, crops.")
    var seed: UInt64 = 0

    @Option(help: "Save a checkpoint every N iterations.")
    var checkpointEvery: Int = TrainingOptions().checkpointEvery

    @Option(help: "Measure the validation loss every N iterations (needs --val).")
    var valEvery: Int = TrainingOptions().validationEvery

    @Option(help: "Write stylized validation images every N iterations (needs --val; 0: never).")
    var sampleEvery: Int = TrainingOptions().sampleEvery

    @Option(help: "CPU threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        for (name, value) in [("--image-size", imageSize), ("--batch-size", batchSize), ("--checkpoint-every", checkpointEvery),
                              ("--val-every", valEvery)] where value <= 0 {
            throw ValidationError("\(name) must be positive, got \(value)")
        }
        if imageSize < 16 { throw ValidationError("--image-size must be at least 16 pixels, got \(imageSize)") }
        if let iterations, iterations <= 0 { throw ValidationError("--iterations must be positive, got \(iterations)") }
        if let epochs, !(epochs > 0) { throw ValidationError("--epochs must be positive, got \(epochs)") }
        if iterations != nil && epochs != nil { throw ValidationError("give --iterations or --epochs, not both") }
        if resume == nil && style == nil { throw ValidationError("--style is required (unless --resume)") }
        guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--learning-rate must be positive") }
        if let threads, threads <= 0 { throw ValidationError("--threads must be positive, got \(threads)") }
        _ = try Architecture(arch)
        try lossOptions.validate()
    }

    func run() throws {
        if let threads { try ThreadCount.limit(to: threads) }
        // Fail now, not after an hour of training, if the checkpoint cannot be written there.
        let folder = URL(fileURLWithPath: checkpoint).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CommandError("--checkpoint \(checkpoint): cannot create its folder: \(error.localizedDescription)")
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw CommandError("--checkpoint \(checkpoint): the folder \(folder.path) is not writable")
        }
        let vggPath = lossNetwork.weightsPath
        guard FileManager.default.fileExists(atPath: vggPath) else { throw WeightsError.missing(vggPath) }

        let collection: ImageCollection = dataset.lowercased().hasSuffix(".h5") || dataset.lowercased().hasSuffix(".hdf5")
            ? try ImagePack(path: dataset) : try ImageFolder(path: dataset, options: imageOptions.readOptions)
        let onSkip: (String, Error) -> Void = { name, error in
            FileHandle.standardError.write(Data("warning: skipping unreadable training image \(name): \(error)\n".utf8))
        }

        let trainer: Trainer
        if let resume {
            let saved = try Checkpoint.read(from: resume)
            let extended = iterations ?? epochs.map { Int((Double(collection.count) * $0 / Double(saved.options.batchSize)).rounded(.up)) }
            let batches = try TrainingBatches(collection: collection, imageSize: saved.options.imageSize,
                                              batchSize: saved.options.batchSize, seed: saved.options.seed)
            batches.onSkip = onSkip
            trainer = try Trainer(resuming: saved, path: resume, vggPath: vggPath, batches: batches, iterations: extended)
            print("train: resuming \(resume) at iteration \(trainer.iteration) of \(trainer.options.iterations)")
        } else {
            var options = TrainingOptions()
            options.styleImage = URL(fileURLWithPath: style!).lastPathComponent
            options.styleSize = styleSize > 0 ? styleSize : nil
            options.imageSize = imageSize
            options.batchSize = batchSize
            options.iterations = iterations
                ?? epochs.map { Int((Double(collection.count) * $0 / Double(batchSize)).rounded(.up)) }
                ?? TrainingOptions().iterations
            options.learningRate = learningRate
            options.learningRateDecayEvery = lrDecayEvery
            options.learningRateDecayFactor = lrDecayFactor
            options.loss = try lossOptions.configuration()
            options.network.architecture = try Architecture(arch)
            options.network.normalization = norm
            options.network.padding = padding
            options.network.upsampling = upsample
            options.network.outputActivation = outputActivation
            options.seed = seed
            options.checkpointEvery = checkpointEvery
            options.validationEvery = valEvery
            options.sampleEvery = sampleEvery
            let styleImage = try Image(contentsOf: style!, options: imageOptions.readOptions)
            let batches = try TrainingBatches(collection: collection, imageSize: imageSize, batchSize: batchSize, seed: seed)
            batches.onSkip = onSkip
            trainer = try Trainer(options: options, style: styleImage, vggPath: vggPath, batches: batches)
        }
        let validation = try val.map { try ValidationImages(folder: $0, size: trainer.options.imageSize, options: imageOptions.readOptions) }
        try TrainingLoop(trainer: trainer, checkpointPath: checkpoint, validation: validation).run()
        let skipped = trainer.skippedImages
        if !skipped.isEmpty {
            print("train: skipped \(skipped.count) unreadable image(s): \(skipped.sorted().joined(separator: ", "))")
        }
    }
}

extension TransformerOptions.Normalization: ExpressibleByArgument {}
extension TransformerOptions.Upsampling: ExpressibleByArgument {}
extension TransformerOptions.OutputActivation: ExpressibleByArgument {}
extension PaddingMode: ExpressibleByArgument {}
