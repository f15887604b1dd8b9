import ArgumentParser
import Foundation
import Imaging
import StyleTransfer

/// Runs a trainer to its last iteration: progress on the terminal, checkpoints (atomic) with
/// the loss history (CSV, SVG) beside them, validation loss and sample pictures, and a clean
/// stop on Ctrl-C (a checkpoint first) or on a non-finite loss (the last good one is kept).
struct TrainingLoop {
    let trainer: Trainer
    let checkpointPath: String
    let validation: ValidationImages?

    func run() throws {
        let options = trainer.options
        let signals = SignalWatcher()
        var display = ProgressDisplay()
        let startIteration = trainer.iteration
        let start = Date()
        print("train: \(trainer.parameterCount) parameters, \(options.network.architecture), \(options.imageSize)² crops, batch \(options.batchSize), "
              + "\(options.iterations) iterations, lr \(options.learningRate); content \(options.loss.contentLayers.joined(separator: ",")) ×\(options.loss.contentWeight), "
              + "style \(options.loss.styleLayers.joined(separator: ",")) ×\(options.loss.styleWeight), TV ×\(options.loss.totalVariationWeight)")
        if trainer.iteration == 0, let validation {
            let terms = try trainer.validationLoss(validation.crops)
            display.show(String(format: "validation before training: total %.5g (content %.4g, style %.4g)", terms.total, terms.content, terms.style), permanent: true)
        }
        while trainer.iteration < options.iterations {
            if let signal = signals.signal {
                display.finish()
                try save()
                print("train: stopped by signal \(signal) at iteration \(trainer.iteration); resume with --resume \(checkpointPath)")
                throw ExitCode(128 + signal)
            }
            let terms: LossTerms
            do {
                terms = try trainer.step()
            } catch let error as TrainingError {
                display.finish()
                throw CommandError("\(error) (last checkpoint: \(checkpointPath))")
            }
            let i = trainer.iteration
            let done = Double(i - startIteration)
            let rate = done * Double(options.batchSize) / max(Date().timeIntervalSince(start), 1e-9)
            let eta = Double(options.iterations - i) * Double(options.batchSize) / max(rate, 1e-9)
            let line = String(format: "iter %5d/%d  content %.4g  style %.4g  tv %.4g  total %.5g  %.2f img/s  ETA %@",
                              i, options.iterations, terms.content, terms.style, terms.totalVariation, terms.total,
                              rate, ProgressDisplay.duration(eta))
            let last = i == options.iterations
            display.show(line, permanent: i % 10 == 0 || last || i == startIteration + 1)
            if let validation, i % options.validationEvery == 0 || last {
                let v = try trainer.validationLoss(validation.crops)
                display.show(String(format: "  validation: total %.5g (content %.4g, style %.4g, tv %.4g)", v.total, v.content, v.style, v.totalVariation),
                             permanent: true)
            }
            if let validation, options.sampleEvery > 0, i % options.sampleEvery == 0 || last {
                try writeSamples(validation)
            }
            if i % options.checkpointEvery == 0 || last {
                try save()
            }
        }
        display.finish()
        print(String(format: "train: done, %d iterations in %@ (this run %@); checkpoint %@",
                     trainer.iteration, ProgressDisplay.duration(trainer.seconds), ProgressDisplay.duration(Date().timeIntervalSince(start)),
                     checkpointPath))
    }

    private func save() throws {
        try trainer.checkpoint().write(to: checkpointPath)
        let history = trainer.history
        try TrainingReport.csv(history).write(toFile: TrainingReport.path(besides: checkpointPath, suffix: ".csv"), atomically: true, encoding: .utf8)
        try TrainingReport.svg(history, title: "faststyle train: \(trainer.options.styleImage)")
            .write(toFile: TrainingReport.path(besides: checkpointPath, suffix: ".svg"), atomically: true, encoding: .utf8)
    }

    private func writeSamples(_ validation: ValidationImages) throws {
        let folder = TrainingReport.path(besides: checkpointPath, suffix: "_samples")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, image) in validation.samples {
            let base = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
            try trainer.stylize(image).write(to: "\(folder)/\(String(format: "%06d", trainer.iteration))_\(base).png")
        }
    }
}
