import Foundation
import Platform
import SwiftProtobuf

/// An ONNX model file (a serialized `ModelProto`), read and parsed.
enum ONNXModelFile {
    /// The model in `path`: a clear error for a file that is missing, unreadable or not an ONNX
    /// model (truncated, another format).
    static func read(_ path: String) throws -> Onnx_ModelProto {
        try parse(try RegularFile.read(path), path: path)
    }

    static func parse(_ bytes: [UInt8], path: String) throws -> Onnx_ModelProto {
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: bytes)
        } catch {
            throw ONNXError(path, "not an ONNX model, or a truncated one: its protobuf does not parse (\(error))")
        }
        // Any bytes parse as some message: an ONNX model has a graph with nodes and opsets.
        guard model.hasGraph, !model.graph.node.isEmpty || !model.graph.initializer.isEmpty else {
            throw ONNXError(path, "not an ONNX model: it has no graph (is it truncated, or another kind of file?)")
        }
        return model
    }

    /// `model` serialized, written atomically.
    static func write(_ model: Onnx_ModelProto, to path: String) throws {
        let bytes: [UInt8] = try model.serializedBytes()
        try AtomicFile.write(bytes, to: path)
    }
}
