import Foundation
import Platform
import StyleTransfer

/// A trained network written for use elsewhere, in the kind of file its name says: `.onnx` an
/// ONNX model (`ONNXExport`), `.h5` a model-only checkpoint (what `stylize`, `compare` and `info`
/// read, without the optimizer state and style targets of a full one).
public enum NetworkExport {
    public enum Format: Equatable {
        case onnx
        case modelCheckpoint
    }

    public struct UnknownFormat: LocalizedError, CustomStringConvertible {
        public let path: String
        public var description: String {
            "\(path): the output must be named .onnx (an ONNX model) or .h5 (a model-only faststyle checkpoint)"
        }
        public var errorDescription: String? { description }
    }

    public static func format(of path: String) throws -> Format {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".onnx") { return .onnx }
        if lowered.hasSuffix(".h5") || lowered.hasSuffix(".hdf5") { return .modelCheckpoint }
        throw UnknownFormat(path: path)
    }

    /// Writes `checkpoint`'s network to `path` atomically; `halfPrecision` stores its weights as
    /// float16. `source` names the network's file in errors.
    public static func write(_ checkpoint: Checkpoint, to path: String, halfPrecision: Bool, source: String) throws {
        switch try format(of: path) {
        case .onnx: try ONNXExport.write(checkpoint, to: path, half: halfPrecision, source: source)
        case .modelCheckpoint: try checkpoint.modelOnly.write(to: path, halfPrecision: halfPrecision)
        }
    }
}
