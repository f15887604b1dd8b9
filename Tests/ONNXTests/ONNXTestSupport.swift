import Foundation
import Imaging
import NN
@testable import ONNX
import StyleTransfer
import Tensors
import TestSupport
import XCTest

/// Random networks of every structure faststyle trains, onnxruntime in a Python environment, and
/// the comparison of two outputs in levels of 255.
enum ONNXTestSupport {
    static func fixture(_ name: String) -> String { TestPaths.fixture(name, of: "ONNXTests") }

    /// A model-only checkpoint of a random network with `settings`: normalizations with varied
    /// scales, shifts (and running statistics), the last layer scaled to an output around [0, 255].
    static func randomCheckpoint(_ settings: TransformerSettings, seed: UInt64 = 5) throws -> Checkpoint {
        let network = try TransformerNet(settings: settings)
        network.initialize(seed: seed)
        var generator = SeededGenerator(seed: seed + 1)
        for layer in network.allLayers {
            let (gamma, beta) =
                (layer as? InstanceNorm).map { ($0.gamma, $0.beta) } ?? (layer as? BatchNorm).map {
                    ($0.gamma, $0.beta)
                } ?? (nil, nil)
            guard let gamma, let beta else { continue }
            for c in 0..<gamma.value.count {
                gamma.value.data[c] = Float.random(in: 0.5...1.5, using: &generator)
                beta.value.data[c] = Float.random(in: -0.5...0.5, using: &generator)
            }
            if let batch = layer as? BatchNorm {
                for c in 0..<batch.channels {
                    batch.runningMean.data[c] = Float.random(in: -0.2...0.2, using: &generator)
                    batch.runningVariance.data[c] = Float.random(in: 0.05...0.5, using: &generator)
                }
            }
        }
        if let last = network.allLayers.compactMap({ $0 as? Conv2D }).last, let bias = last.bias {
            // After a normalization the last layer sees values of about ±1; alone, it sees the pixels.
            let normalized = network.allLayers.contains { $0 is InstanceNorm || $0 is BatchNorm }
            let scale: Float = settings.outputActivation == .tanh ? (normalized ? 0.5 : 0.01) : (normalized ? 60 : 1)
            for c in 0..<3 { bias.value.data[c] = settings.outputActivation == .tanh ? 0 : 128 }
            for i in 0..<last.weight.value.count { last.weight.value.data[i] *= scale }
        }
        var training = TrainingSettings()
        training.network = settings
        return Checkpoint(
            settings: training, iteration: 0, seconds: 0,
            parameters: network.parameters.map { ($0.name, $0.value.shape, $0.value.toArray()) },
            buffers: network.buffers.map { ($0.name, $0.tensor.shape, $0.tensor.toArray()) },
            styleTargets: [:], optimizer: nil, history: [])
    }

    static func settings(
        _ architecture: String, _ normalization: TransformerSettings.Normalization = .instance,
        _ padding: PaddingMode = .reflection, _ upsampling: TransformerSettings.Upsampling = .nearest,
        _ activation: TransformerSettings.OutputActivation = .linear
    ) throws -> TransformerSettings {
        var settings = TransformerSettings()
        settings.architecture = try Architecture(architecture)
        settings.normalization = normalization
        settings.padding = padding
        settings.upsampling = upsampling
        settings.outputActivation = activation
        return settings
    }

    /// The mean and largest difference of two outputs as 8-bit images hold them (clamped to [0, 255]).
    static func levels(_ a: [Float], _ b: [Float]) -> (mean: Float, max: Float) {
        precondition(a.count == b.count, "\(a.count) against \(b.count) values")
        let differences = zip(a, b).map { abs(min(max($0, 0), 255) - min(max($1, 0), 255)) }
        return (differences.reduce(0, +) / Float(differences.count), differences.max() ?? 0)
    }

    /// Python with onnxruntime: $FASTSTYLE_PYTHON or .build-venv (scripts/onnx-venv.sh makes it).
    static func python() throws -> String {
        let candidates = [
            ProcessInfo.processInfo.environment["FASTSTYLE_PYTHON"], TestPaths.repositoryFile(".build-venv/bin/python"),
        ]
        for case let path? in candidates where FileManager.default.isExecutableFile(atPath: path) {
            if (try? run(path, ["-c", "import onnxruntime, numpy"])) != nil { return path }
        }
        throw TestRequirement.missing("no Python with onnxruntime (run scripts/onnx-venv.sh, or set FASTSTYLE_PYTHON)")
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(
                domain: "ONNXTests", code: Int(process.terminationStatus),
                userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments): \(text)"])
        }
        return text
    }

    /// onnxruntime's output of the model at `model` for `image` (planar RGB).
    static func onnxruntime(_ model: String, _ image: Image, in folder: URL) throws -> [Float] {
        let input = folder.appendingPathComponent("input.f32"), output = folder.appendingPathComponent("output.f32")
        try image.pixels.withUnsafeBytes { try Data($0).write(to: input) }
        try run(
            try python(),
            [fixture("run_onnxruntime.py"), model, input.path, "\(image.height)", "\(image.width)", output.path])
        let data = try Data(contentsOf: output)
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}
