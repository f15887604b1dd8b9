import ONNX
import XCTest

/// Builds protobuf wire-format bytes by hand, to test the generated reader against messages whose
/// encoding is known exactly.
private enum Wire {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value, bytes: [UInt8] = []
        repeat {
            bytes.append(UInt8(value & 0x7f) | (value >= 0x80 ? 0x80 : 0))
            value >>= 7
        } while value != 0
        return bytes
    }
    static func key(_ field: Int, _ wireType: UInt64) -> [UInt8] { varint(UInt64(field) << 3 | wireType) }
    static func varintField(_ field: Int, _ value: UInt64) -> [UInt8] { key(field, 0) + varint(value) }
    static func bytesField(_ field: Int, _ bytes: [UInt8]) -> [UInt8] {
        key(field, 2) + varint(UInt64(bytes.count)) + bytes
    }
    static func fixed32Field(_ field: Int, _ value: UInt32) -> [UInt8] {
        key(field, 5) + withUnsafeBytes(of: value.littleEndian, Array.init)
    }
    static func fixed64Field(_ field: Int, _ value: UInt64) -> [UInt8] {
        key(field, 1) + withUnsafeBytes(of: value.littleEndian, Array.init)
    }
    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
    }
}

final class ONNXInitializersTests: XCTestCase {
    /// A ModelProto with a graph of three initializers: raw data with unpacked dims, packed
    /// float_data with packed dims, and a non-float tensor.
    func testONNXInitializersFromHandBuiltModel() throws {
        let weight =
            Wire.varintField(1, 2) + Wire.varintField(1, 2) + Wire.varintField(2, 1)
            + Wire.bytesField(8, Array("conv/W".utf8)) + Wire.bytesField(9, Wire.floats([1, -2, 3.5, 1e-8]))
        let bias =
            Wire.bytesField(1, Wire.varint(3)) + Wire.varintField(2, 1)
            + Wire.bytesField(4, Wire.floats([0.25, 0.5, 0.75])) + Wire.bytesField(8, Array("conv/b".utf8))
        let shape =
            Wire.varintField(1, 1) + Wire.varintField(2, 7) + Wire.bytesField(8, Array("shape".utf8))
            + Wire.bytesField(9, [1, 0, 0, 0, 0, 0, 0, 0])
        let node = Wire.bytesField(1, Array("x".utf8)) + Wire.bytesField(4, Array("Conv".utf8))
        let graph =
            Wire.bytesField(1, node) + Wire.bytesField(2, Array("g".utf8))
            + Wire.bytesField(5, weight) + Wire.bytesField(5, bias) + Wire.bytesField(5, shape)
        let model = Wire.varintField(1, 7) + Wire.bytesField(2, Array("tf2onnx".utf8)) + Wire.bytesField(7, graph)

        let tensors = try ONNXInitializers.read(from: model, named: ["conv/W", "conv/b"])
        XCTAssertEqual(Set(tensors.keys), ["conv/W", "conv/b"])
        XCTAssertEqual(tensors["conv/W"]?.dims, [2, 2])
        XCTAssertEqual(tensors["conv/W"]?.values, [1, -2, 3.5, 1e-8])
        XCTAssertEqual(tensors["conv/b"]?.dims, [3])
        XCTAssertEqual(tensors["conv/b"]?.values, [0.25, 0.5, 0.75])
        XCTAssertThrowsError(try ONNXInitializers.read(from: model)) { error in
            XCTAssertTrue("\(error)".contains("shape"), "\(error)")
        }
        XCTAssertThrowsError(try ONNXInitializers.read(from: Wire.varintField(1, 7)))
    }
}
