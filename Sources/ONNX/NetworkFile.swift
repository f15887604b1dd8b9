import StyleTransfer

/// A trained network from a file: a faststyle checkpoint (HDF5, full or model-only) or an ONNX
/// model (`.onnx`), imported.
public enum NetworkFile {
    public static func isONNX(_ path: String) -> Bool { path.lowercased().hasSuffix(".onnx") }

    public static func checkpoint(at path: String) throws -> Checkpoint {
        isONNX(path) ? try ONNXImport.checkpoint(fromFile: path) : try Checkpoint.read(from: path)
    }
}
