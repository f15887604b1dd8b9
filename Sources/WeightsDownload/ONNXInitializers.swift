import StyleTransfer

/// Reads initializers (the stored weights) from a serialized ONNX `ModelProto`:
/// ModelProto.graph (7) → GraphProto.initializer (5, repeated TensorProto) → TensorProto
/// dims (1), data_type (2, 1 = FLOAT), float_data (4), name (8), raw_data (9, little-endian).
public enum ONNXInitializers {
    /// The float initializers whose names are in `names` (all of them when nil), by name.
    public static func read(from model: [UInt8], named names: Set<String>? = nil) throws -> [String: ONNXTensor] {
        let modelFields = try ProtobufMessage(bytes: model).fields()
        guard let graph = modelFields.lazy.compactMap({ $0.number == 7 ? message($0) : nil }).first else {
            throw WeightsError("ONNX model has no graph")
        }
        var tensors: [String: ONNXTensor] = [:]
        for field in try graph.fields() where field.number == 5 {
            guard let tensorMessage = message(field) else { continue }
            let tensor = try tensorFields(tensorMessage)
            guard names?.contains(tensor.name) ?? true else { continue }
            tensors[tensor.name] = try decode(tensor)
        }
        return tensors
    }

    private struct RawTensor {
        var name = ""
        var dims: [Int] = []
        var dataType: UInt64 = 0
        var rawData: ProtobufMessage?
        var floatData: [Float] = []
    }

    private static func message(_ field: ProtobufMessage.Field) -> ProtobufMessage? {
        if case .lengthDelimited(let message) = field.value { return message }
        return nil
    }

    /// Collects a TensorProto's fields without decoding its data.
    private static func tensorFields(_ message: ProtobufMessage) throws -> RawTensor {
        var tensor = RawTensor()
        for field in try message.fields() {
            switch (field.number, field.value) {
            case (1, .varint(let dim)): tensor.dims.append(Int(Int64(bitPattern: dim)))
            case (1, .lengthDelimited(let packed)): tensor.dims += try packed.packedVarints().map { Int(Int64(bitPattern: $0)) }
            case (2, .varint(let type)): tensor.dataType = type
            case (4, .fixed32(let bits)): tensor.floatData.append(Float(bitPattern: bits))
            case (4, .lengthDelimited(let packed)): tensor.floatData += try packed.littleEndianFloats()
            case (8, .lengthDelimited(let name)): tensor.name = name.string
            case (9, .lengthDelimited(let raw)): tensor.rawData = raw
            default: break
            }
        }
        return tensor
    }

    private static func decode(_ tensor: RawTensor) throws -> ONNXTensor {
        guard tensor.dataType == 1 else {
            throw WeightsError("ONNX initializer \(tensor.name) has data type \(tensor.dataType), expected 1 (float32)")
        }
        let values = try tensor.rawData?.littleEndianFloats() ?? tensor.floatData
        let count = tensor.dims.reduce(1, *)
        guard values.count == count else {
            throw WeightsError("ONNX initializer \(tensor.name) holds \(values.count) values, its dims \(tensor.dims) need \(count)")
        }
        return ONNXTensor(name: tensor.name, dims: tensor.dims, values: values)
    }
}
