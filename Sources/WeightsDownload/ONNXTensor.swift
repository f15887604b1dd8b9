/// A float32 tensor stored in an ONNX model as a graph initializer.
public struct ONNXTensor {
    public let name: String
    public let dims: [Int]
    public let values: [Float]
}
