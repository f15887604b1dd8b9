import Foundation
import H5
import NN
import Platform
import Tensors

/// A transformation network with what it was trained with, as one self-describing HDF5 file.
///
/// Layout (format "faststyle-checkpoint", version 1; version 2 when the network holds several
/// styles, whose names are the training settings' `styleImages` without extensions; version 3 when
/// it holds Gram targets, stored since then as upper triangles):
/// ```
/// /                    attrs: format, version, kind ("full" or "model"), iteration, seconds,
///                             architecture, normalization, padding, upsampling,
///                             output_activation, training_options (JSON), created,
///                             imported_from (networks imported from ONNX only)
///   parameters/<name>  float32 (or float16), the parameter's shape (e.g. layer1.weight (32, 3, 9, 9));
///                      a normalization's scales and shifts (C), or (styles, C) for several styles
///   buffers/<name>     float32 (or float16): batch normalization running statistics
///   style/<layer>      float32 (styles, C·(C+1)/2): each style's Gram targets, the upper
///                      triangle row by row (`GramPacking`); (styles, C, C) before version 3
///   optimizer/         full checkpoints only: first_moment, second_moment (flat float32,
///                      the parameters' order), attr step
///   history            float64 (entries × 10): iteration, seconds, content, style, tv, total,
///                      val_content, val_style, val_tv, val_total (NaN where not measured)
/// ```
/// Written atomically (temporary file, flush, rename): an interrupted or failed write leaves
/// the previous checkpoint as it was.
public struct Checkpoint {
    public static let format = "faststyle-checkpoint"
    public static let version: Int64 = 3

    public var settings: TrainingSettings
    public var iteration: Int
    public var seconds: Double
    /// Parameter values by name, with shapes.
    public var parameters: [(name: String, shape: [Int], values: [Float])]
    public var buffers: [(name: String, shape: [Int], values: [Float])]
    public var styleTargets: [String: (shape: [Int], values: [Float])]
    public var optimizer: AdamState?
    public var history: [HistoryEntry]
    /// The file a network trained elsewhere was imported from (an ONNX model): its training
    /// settings are then defaults, not a record.
    public var importedFrom: String?

    public init(
        settings: TrainingSettings, iteration: Int, seconds: Double,
        parameters: [(name: String, shape: [Int], values: [Float])],
        buffers: [(name: String, shape: [Int], values: [Float])],
        styleTargets: [String: (shape: [Int], values: [Float])],
        optimizer: AdamState?, history: [HistoryEntry], importedFrom: String? = nil
    ) {
        self.settings = settings
        self.iteration = iteration
        self.seconds = seconds
        self.parameters = parameters
        self.buffers = buffers
        self.styleTargets = styleTargets
        self.optimizer = optimizer
        self.history = history
        self.importedFrom = importedFrom
    }

    /// Only what stylizing needs: the network, its settings and the loss history; no optimizer
    /// state (it cannot be resumed) and no style targets (`compare` then needs `--style`).
    public var modelOnly: Checkpoint {
        var model = self
        model.optimizer = nil
        model.styleTargets = [:]
        return model
    }

    /// `halfPrecision` stores the parameters and buffers as float16 (half the file; read back
    /// as float32, each value rounded to 11 significant bits).
    public func write(to path: String, halfPrecision: Bool = false) throws {
        let storage: H5ElementType = halfPrecision ? .float16 : .float32
        try H5File.writeAtomically(to: path) { file in
            try file.setAttribute("format", Self.format)
            // Version 1 readers read one style, version 2 readers full Gram targets: a file is
            // given the oldest version whose readers read all of it.
            try file.setAttribute("version", !styleTargets.isEmpty ? Self.version : settings.network.styles > 1 ? 2 : 1)
            try file.setAttribute("kind", optimizer == nil ? "model" : "full")
            try file.setAttribute("iteration", Int64(iteration))
            try file.setAttribute("seconds", seconds)
            let n = settings.network
            try file.setAttribute("architecture", n.architecture.description)
            try file.setAttribute("normalization", n.normalization.rawValue)
            try file.setAttribute("padding", n.padding.rawValue)
            try file.setAttribute("upsampling", n.upsampling.rawValue)
            try file.setAttribute("output_activation", n.outputActivation.rawValue)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try file.setAttribute(
                "training_options", String(decoding: try encoder.encode(settings), as: UTF8.self),
                storage: .variableLength)
            try file.setAttribute("created", ISO8601DateFormatter().string(from: Date()))
            if let importedFrom { try file.setAttribute("imported_from", importedFrom) }
            for group in ["parameters", "buffers", "style"] { try file.createGroup(group) }
            for p in parameters {
                try file.write(p.values, shape: p.shape, to: "parameters/\(p.name)", storedAs: storage)
            }
            for b in buffers { try file.write(b.values, shape: b.shape, to: "buffers/\(b.name)", storedAs: storage) }
            for (layer, target) in styleTargets {
                let (styles, channels) = (target.shape[0], target.shape[1])
                try file.write(
                    GramPacking.pack(target.values, n: channels, count: styles),
                    shape: [styles, GramPacking.packedCount(channels)], to: "style/\(layer)")
            }
            if let optimizer {
                try file.createGroup("optimizer")
                try file.write(
                    optimizer.firstMoment, shape: [optimizer.firstMoment.count], to: "optimizer/first_moment")
                try file.write(
                    optimizer.secondMoment, shape: [optimizer.secondMoment.count], to: "optimizer/second_moment")
                try file.setAttribute("step", Int64(optimizer.step), on: "optimizer")
            }
            try file.write(history.flatMap(\.row), shape: [history.count, HistoryEntry.columns.count], to: "history")
            try file.setAttribute("columns", HistoryEntry.columns, on: "history")
        }
    }

    /// Reads a checkpoint; errors name the file and what is wrong with it. Everything in it is
    /// checked as strictly as the command line checks its arguments: the training settings (and
    /// the architecture through its parser), the progress, the history, the size of every
    /// dataset before it is read, the optimizer state and the style targets.
    public static func read(from path: String) throws -> Checkpoint {
        if let kind = imageKind(path) {
            // A common slip: the painting given where its trained network belongs.
            throw CheckpointError(
                path,
                "is a \(kind) image, not a network: give a faststyle checkpoint (.h5, written by "
                    + "`faststyle train` or `faststyle export`) or an ONNX style network (.onnx); to learn a "
                    + "painting's style, train on it (`faststyle train --style`)")
        }
        let file = try H5File.open(path)
        func problem(_ text: String) -> CheckpointError { CheckpointError(path, text) }
        guard file.hasAttribute("format"), try file.stringAttribute("format") == format else {
            let problem = "not a faststyle checkpoint (no format attribute \"\(format)\")"
            // A common slip: the loss network's weights given for a trained network.
            if file.contains("block1_conv1") || file.contains("model_weights/block1_conv1") {
                throw CheckpointError(
                    path, problem + "; it holds VGG weights (the loss network), not a trained style network",
                    holdsVGGWeights: true)
            }
            throw CheckpointError(path, problem)
        }
        let version = try file.int64Attribute("version")
        guard version <= Self.version else {
            throw problem("checkpoint version \(version) is newer than this faststyle reads (\(Self.version))")
        }
        let settings = try readSettings(file, path: path)
        let iteration = try file.int64Attribute("iteration")
        guard let iteration = Int(exactly: iteration), (0...SettingBounds.iterations.upperBound).contains(iteration)
        else {
            throw problem("iteration \(iteration) is not between 0 and \(SettingBounds.iterations.upperBound)")
        }
        let seconds = file.hasAttribute("seconds") ? try file.doubleAttribute("seconds") : 0
        guard HistoryEntry.seconds.contains(seconds) else {
            throw problem("seconds \(seconds) is not between 0 and \(HistoryEntry.seconds.upperBound)")
        }
        try requireMemory(for: file, path: path)

        func tensors(_ group: String) throws -> [(name: String, shape: [Int], values: [Float])] {
            guard file.contains(group) else { return [] }
            return try file.children(of: group).map { name in
                let a = try file.read("\(group)/\(name)", as: Float.self)
                return (name, a.shape, a.values)
            }
        }
        let parameters = try tensors("parameters")
        let buffers = try tensors("buffers")
        for (name, _, values) in buffers where !values.allSatisfy(\.isFinite) {
            throw problem("buffer \(name) holds NaN or infinite values")
        }
        var optimizer: AdamState?
        if file.contains("optimizer") {
            // As many moments as parameters trained: all, or only the normalizations' (the
            // trainer checks which).
            optimizer = try readOptimizer(
                file, parameterLimit: parameters.reduce(0) { $0 + $1.values.count }, path: path)
        }
        var styleTargets: [String: (shape: [Int], values: [Float])] = [:]
        for (name, shape, values) in try tensors("style") {
            guard let layer = VGGVariant.vgg19.convolutions.first(where: { $0.reluName == name }) else {
                throw problem("style target \(name) is not a VGG layer (relu1_1 … relu5_4)")
            }
            let (styles, channels) = (settings.network.styles, layer.outChannels)
            let full = [styles, channels, channels]
            let packed = [styles, GramPacking.packedCount(channels)]
            guard shape == (version >= 3 ? packed : full) else {
                throw problem("style target \(name) has shape \(shape), expected \(version >= 3 ? packed : full)")
            }
            guard values.allSatisfy(\.isFinite) else {
                throw problem("style target \(name) holds NaN or infinite values")
            }
            styleTargets[name] = (full, version >= 3 ? GramPacking.unpack(values, n: channels, count: styles) : values)
        }
        var history: [HistoryEntry] = []
        if file.contains("history") {
            let table = try file.read("history", as: Double.self, rank: 2)
            let width = HistoryEntry.columns.count
            guard table.shape[1] == width else {
                throw problem("history has \(table.shape[1]) columns, expected \(width)")
            }
            history = try (0..<table.shape[0]).map { row in
                do {
                    return try HistoryEntry(row: Array(table.values[(row * width)..<((row + 1) * width)]))
                } catch let error as HistoryRowProblem {
                    throw problem("history row \(row) \(error.text)")
                }
            }
        }
        let importedFrom = file.hasAttribute("imported_from") ? try file.stringAttribute("imported_from") : nil
        return Checkpoint(
            settings: settings, iteration: iteration, seconds: seconds, parameters: parameters, buffers: buffers,
            styleTargets: styleTargets, optimizer: optimizer, history: history, importedFrom: importedFrom)
    }

    /// "PNG" or "JPEG" when the file at `path` starts like one (nil otherwise, or unreadable).
    private static func imageKind(_ path: String) -> String? {
        guard FileKind.of(path) == .regular, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 4))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "PNG" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "JPEG" }
        return nil
    }

    /// The training settings, decoded (the architecture through its parser) and validated.
    private static func readSettings(_ file: H5File, path: String) throws -> TrainingSettings {
        let json = try file.stringAttribute("training_options")
        let settings: TrainingSettings
        do {
            settings = try JSONDecoder().decode(TrainingSettings.self, from: Data(json.utf8))
        } catch {
            throw CheckpointError(path, "unreadable training_options: \(DecodingProblem.text(error))")
        }
        do {
            try settings.validate()
        } catch let error as SettingError {
            throw CheckpointError(path, "invalid training_options: \(error.message(naming: \.rawValue))")
        }
        do {
            try WorkingMemory.requireNetwork(settings.network.architecture)
        } catch let error as InsufficientMemory {
            throw CheckpointError(path, error.limit.description)
        }
        return settings
    }

    /// Every dataset's declared size together, before any is read: a file of a few kilobytes
    /// can declare terabytes in many datasets, each alone within the memory available.
    private static func requireMemory(for file: H5File, path: String) throws {
        var datasets = ["history"].filter(file.contains)
        for group in ["parameters", "buffers", "style", "optimizer"] where file.contains(group) {
            guard try file.kind(of: group) == .group else { throw CheckpointError(path, "\(group) is not a group") }
            datasets += try file.children(of: group).map { "\(group)/\($0)" }
        }
        let sizes = try datasets.map { name -> Int? in
            guard try file.kind(of: name) == .dataset else { throw CheckpointError(path, "\(name) is not a dataset") }
            return ElementCount.product(try file.shape(of: name) + [8])
        }
        do {
            try MemoryBudget.require(ElementCount.sum(sizes), for: "reading its \(datasets.count) datasets")
        } catch let error as MemoryLimitError {
            throw CheckpointError(path, error.description)
        }
    }

    /// Adam's state: a step count and two moments of one entry per parameter, finite, the second
    /// one never negative (it averages squares).
    private static func readOptimizer(_ file: H5File, parameterLimit: Int, path: String) throws -> AdamState {
        let step = try file.int64Attribute("step", on: "optimizer")
        guard let step = Int(exactly: step), (0...SettingBounds.iterations.upperBound).contains(step) else {
            throw CheckpointError(
                path, "optimizer step \(step) is not between 0 and \(SettingBounds.iterations.upperBound)")
        }
        let first = try file.read("optimizer/first_moment", as: Float.self, rank: 1).values
        let second = try file.read("optimizer/second_moment", as: Float.self, rank: 1).values
        guard first.count == second.count, first.count <= parameterLimit else {
            throw CheckpointError(
                path,
                "the optimizer's moments have \(first.count) and \(second.count) entries, "
                    + "the parameters \(parameterLimit)")
        }
        guard first.allSatisfy(\.isFinite), second.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw CheckpointError(path, "the optimizer's moments hold NaN, infinite or negative values")
        }
        return AdamState(step: step, firstMoment: first, secondMoment: second)
    }

    /// Copies the stored parameters and buffers into `network`; every parameter must be present
    /// with its shape.
    public func load(into network: TransformerNet, path: String) throws {
        let stored = Dictionary(parameters.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for p in network.parameters {
            guard let s = stored[p.name] else { throw CheckpointError(path, "parameter \(p.name) is missing") }
            guard s.shape == p.value.shape else {
                throw CheckpointError(
                    path, "parameter \(p.name) has shape \(s.shape), the network needs \(p.value.shape)")
            }
            guard s.values.allSatisfy(\.isFinite) else {
                throw CheckpointError(path, "parameter \(p.name) holds NaN or infinite values")
            }
            p.value.data.update(from: s.values, count: s.values.count)
        }
        let storedBuffers = Dictionary(buffers.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for (name, tensor) in network.buffers {
            guard let s = storedBuffers[name], s.values.count == tensor.storageCount else {
                throw CheckpointError(path, "buffer \(name) is missing or has the wrong size")
            }
            tensor.data.update(from: s.values, count: s.values.count)
        }
        network.weightsChanged()
    }
}
