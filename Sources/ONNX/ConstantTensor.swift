import Foundation
import Platform

/// A tensor whose values the graph fixes: an initializer, a Constant node's value, or what
/// constant nodes compute from those (the pads and scales PyTorch's exporter builds with
/// Concat, Reshape, Slice, ...). Values as Double hold float32, float16 and the small integers of
/// shapes and pads exactly.
struct ConstantTensor {
    var dims: [Int]
    var values: [Double]

    init(dims: [Int], values: [Double]) {
        precondition(values.count == dims.reduce(1, *), "\(values.count) values for dims \(dims)")
        self.dims = dims
        self.values = values
    }

    var count: Int { values.count }
    var floats: [Float] { values.map { Float($0) } }
    var integers: [Int] {
        values.map { Int(clamping: Int64(exactly: $0.rounded()) ?? ($0 < 0 ? Int64.min : Int64.max)) }
    }

    /// A TensorProto's values; `what` names it in errors. Float, float16, double and the integer
    /// and boolean types are read; weights in an external file are not.
    init(_ tensor: Onnx_TensorProto, what: String, path: String) throws {
        func problem(_ text: String) -> ONNXError { ONNXError(path, "\(what) \(text)") }
        guard tensor.dataLocation != .external else {
            throw problem(
                "keeps its values in an external file (ONNX external data), which faststyle does not read: "
                    + "save the model with its weights inside (onnx.save(model, path, save_as_external_data=False))")
        }
        guard tensor.dims.allSatisfy({ $0 >= 0 }), let count = ElementCount.product(tensor.dims.map { Int($0) }) else {
            throw problem("has impossible dims \(tensor.dims)")
        }
        let raw = [UInt8](tensor.rawData)
        let type = Onnx_TensorProto.DataType(rawValue: Int(tensor.dataType))
        func fromRaw<T>(_ width: Int, _ convert: (UnsafeRawBufferPointer, Int) -> T) throws -> [T] {
            guard raw.count == count * width else {
                throw problem("holds \(raw.count) bytes of data, its dims \(tensor.dims) need \(count * width)")
            }
            return raw.withUnsafeBytes { bytes in (0..<count).map { convert(bytes, $0 * width) } }
        }
        func load<T: FixedWidthInteger>(_: T.Type, _ bytes: UnsafeRawBufferPointer, _ offset: Int) -> T {
            T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        let values: [Double]
        switch type {
        case .float?:
            values =
                raw.isEmpty
                ? tensor.floatData.map(Double.init)
                : try fromRaw(4) { Double(Float(bitPattern: load(UInt32.self, $0, $1))) }
        case .float16?:
            values =
                raw.isEmpty
                ? tensor.int32Data.map { Double(Float16(bitPattern: UInt16(truncatingIfNeeded: $0))) }
                : try fromRaw(2) { Double(Float16(bitPattern: load(UInt16.self, $0, $1))) }
        case .double?:
            values = raw.isEmpty ? tensor.doubleData : try fromRaw(8) { Double(bitPattern: load(UInt64.self, $0, $1)) }
        case .int64?:
            values =
                raw.isEmpty ? tensor.int64Data.map(Double.init) : try fromRaw(8) { Double(load(Int64.self, $0, $1)) }
        case .int32?, .int16?, .int8?, .uint8?, .uint16?, .bool?:
            let width = type == .int32 ? 4 : type == .int16 || type == .uint16 ? 2 : 1
            let signed = type == .int32 || type == .int16 || type == .int8
            values =
                raw.isEmpty
                ? tensor.int32Data.map(Double.init)
                : try fromRaw(width) { bytes, offset in
                    switch (width, signed) {
                    case (4, _): return Double(load(Int32.self, bytes, offset))
                    case (2, true): return Double(load(Int16.self, bytes, offset))
                    case (2, false): return Double(load(UInt16.self, bytes, offset))
                    case (_, true): return Double(Int8(bitPattern: bytes[offset]))
                    default: return Double(bytes[offset])
                    }
                }
        default:
            throw problem(
                "has data type \(tensor.dataType), which faststyle does not read (float32, float16, double and "
                    + "integers only)"
            )
        }
        guard values.count == count else {
            throw problem("holds \(values.count) values, its dims \(tensor.dims) need \(count)")
        }
        self.init(dims: tensor.dims.map { Int($0) }, values: values)
    }
}
