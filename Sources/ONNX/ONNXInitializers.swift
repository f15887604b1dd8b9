/// A float32 tensor stored in an ONNX model as a graph initializer.
public struct ONNXTensor {
    public let name: String
    public let dims: [Int]
    public let values: [Float]
}

/// The initializers (the stored weights) of a serialized ONNX model, e.g. the VGG-16 weights in
/// the ONNX model that `weights fetch` downloads.
public enum ONNXInitializers {
    /// The float32 initializers whose names are in `names` (all of them when nil), by name;
    /// `source` names the model in errors.
    public static func read(from model: [UInt8], named names: Set<String>? = nil, source: String = "ONNX model") throws
        -> [String: ONNXTensor]
    {
        let graph = try ONNXModelFile.parse(model, path: source).graph
        var tensors: [String: ONNXTensor] = [:]
        for initializer in graph.initializer where names?.contains(initializer.name) ?? true {
            guard initializer.dataType == Int32(Onnx_TensorProto.DataType.float.rawValue) else {
                throw ONNXError(
                    source,
                    "initializer \(initializer.name) has data type \(initializer.dataType), expected 1 (float32)")
            }
            let tensor = try ConstantTensor(initializer, what: "initializer \(initializer.name)", path: source)
            tensors[initializer.name] = ONNXTensor(name: initializer.name, dims: tensor.dims, values: tensor.floats)
        }
        return tensors
    }
}
