import Foundation
import FuzzSupport
import Imaging
import NN
import ONNX
import StyleTransfer

/// Checkpoints (HDF5) as `faststyle stylize --model`, `info` and `export` read them:
/// `NetworkFile.checkpoint(at:)` (the attributes, the training settings' JSON and their checks,
/// the datasets' sizes, the optimizer, the style targets, the history), a style chosen from a
/// network of several, and the network built and loaded (`Stylizer`). libhdf5 itself is not
/// instrumented: what is fuzzed is faststyle's handling of what it returns.
///
/// `FuzzCheckpoint --make-seeds FOLDER` (normal build) writes the seed corpora of the HDF5 and
/// ONNX harnesses into FOLDER/checkpoint, onnx, vgg and pack: small real files of the kinds
/// faststyle writes (Tests/Fuzz/Corpus was made so).
@main
enum FuzzCheckpoint {
    static func main() {
        if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--make-seeds" {
            do {
                try makeSeeds(in: CommandLine.arguments[2])
            } catch {
                print("\(error)")
                exit(1)
            }
            exit(0)
        }
        let file = ScratchFile(name: "input.h5")
        FuzzDriver.run { data in
            file.write(data)
            do {
                var checkpoint = try NetworkFile.checkpoint(at: file.path)
                if checkpoint.settings.network.styles > 1 {
                    checkpoint = try checkpoint.selecting(
                        StyleMix(name: checkpoint.settings.styleNames[0]), path: file.path)
                }
                _ = try Stylizer(checkpoint: checkpoint, path: file.path)
            } catch {
                requireClearError(error, naming: file.path)
            }
        }
    }

    /// Small checkpoints of a tiny network: model-only, full (optimizer, style target, history),
    /// half precision, two styles, batch normalization; the same as ONNX models; a VGG weights
    /// file of the first layer; a pack of two 8×8 images.
    static func makeSeeds(in root: String) throws {
        for kind in ["checkpoint", "onnx", "vgg", "pack", "pack-images", "training-options"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(kind)", withIntermediateDirectories: true)
        }
        let folder = "\(root)/checkpoint"
        func settings(styles: Int = 1, normalization: TransformerSettings.Normalization = .instance) throws
            -> TrainingSettings
        {
            var settings = TrainingSettings()
            settings.network.architecture = try Architecture("c3s1-4,d8,R8,u4,c3s1-3")
            settings.network.normalization = normalization
            settings.imageSize = 32
            settings.styleSize = 64
            settings.iterations = 2
            settings.loss.styleLayers = ["relu1_2"]
            if styles > 1 {
                settings.styleImage = ""
                settings.styleImages = (0..<styles).map { "style\($0).jpg" }
                settings.network.styles = styles
            } else {
                settings.styleImage = "style.jpg"
            }
            return settings
        }
        func checkpoint(_ settings: TrainingSettings, full: Bool) throws -> Checkpoint {
            let network = try TransformerNet(settings: settings.network)
            network.initialize(seed: 1)
            let parameters = network.parameters.map { ($0.name, $0.value.shape, $0.value.toArray()) }
            let buffers = network.buffers.map {
                ($0.name, $0.tensor.shape, [Float](repeating: 1, count: $0.tensor.storageCount))
            }
            guard full else {
                return Checkpoint(
                    settings: settings, iteration: 0, seconds: 0, parameters: parameters, buffers: buffers,
                    styleTargets: [:], optimizer: nil, history: [])
            }
            let count = parameters.reduce(0) { $0 + $1.2.count }
            let styles = settings.network.styles
            let history = [
                HistoryEntry(
                    iteration: 1, terms: LossTerms(content: 1, style: 2, totalVariation: 3, total: 6), seconds: 1),
                HistoryEntry(
                    iteration: 2, terms: LossTerms(content: 1, style: 1, totalVariation: 2, total: 4), seconds: 2),
            ]
            return Checkpoint(
                settings: settings, iteration: 2, seconds: 2, parameters: parameters, buffers: buffers,
                styleTargets: ["relu1_2": ([styles, 64, 64], [Float](repeating: 0.5, count: styles * 64 * 64))],
                optimizer: AdamState(
                    step: 2, firstMoment: .init(repeating: 0.1, count: count),
                    secondMoment: .init(repeating: 0.2, count: count)),
                history: history)
        }
        try checkpoint(try settings(), full: false).write(to: "\(folder)/model.h5")
        try checkpoint(try settings(), full: false).write(to: "\(folder)/model_half.h5", halfPrecision: true)
        try checkpoint(try settings(), full: true).write(to: "\(folder)/full.h5")
        try checkpoint(try settings(styles: 2), full: false).write(to: "\(folder)/two_styles.h5")
        try checkpoint(try settings(normalization: .batch), full: false).write(to: "\(folder)/batch_norm.h5")

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try encoder.encode(TrainingSettings()).write(to: URL(fileURLWithPath: "\(root)/training-options/default.json"))
        try encoder.encode(try settings(styles: 2)).write(
            to: URL(fileURLWithPath: "\(root)/training-options/two_styles.json"))
        try encoder.encode(try settings(normalization: .batch)).write(
            to: URL(fileURLWithPath: "\(root)/training-options/batch_norm.json"))

        let model = try checkpoint(try settings(), full: false)
        try NetworkExport.write(model, to: "\(root)/onnx/tiny.onnx", halfPrecision: false, source: "seed")
        try NetworkExport.write(model, to: "\(root)/onnx/tiny_half.onnx", halfPrecision: true, source: "seed")
        try NetworkExport.write(
            try checkpoint(try settings(normalization: .batch), full: false), to: "\(root)/onnx/batch_norm.onnx",
            halfPrecision: false, source: "seed")

        let first = VGGVariant.vgg16.convolutions[0]
        let count = first.outChannels * first.inChannels * 9
        let layer = ConvWeights(
            name: first.name, kernelOIHW: (0..<count).map { Float($0 % 7) / 7 },
            bias: [Float](repeating: 0.1, count: first.outChannels),
            outChannels: first.outChannels, inChannels: first.inChannels, kernelHeight: 3, kernelWidth: 3)
        try VGGWeights(layers: [layer], variant: .vgg16).write(to: "\(root)/vgg/block1_conv1.h5")

        for (index, fill) in [Float(40), 200].enumerated() {
            var image = Image(width: 12, height: 9, fill: fill)
            image.pixels[5] = 255
            try image.write(to: "\(root)/pack-images/image\(index).png")
        }
        _ = try ImagePackWriter.pack(folder: "\(root)/pack-images", output: "\(root)/pack/two_images.h5", size: 8)
        try FileManager.default.removeItem(atPath: "\(root)/pack-images")
    }
}
