import StyleTransfer

/// A minimal reader of the protobuf wire format: enough to walk an ONNX model without
/// generated code. A message is a view (byte range) into a shared buffer; nothing is copied
/// until a value is decoded.
public struct ProtobufMessage {
    public enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        /// Bytes: a string, a nested message, or a packed repeated field.
        case lengthDelimited(ProtobufMessage)
    }

    public struct Field {
        public let number: Int
        public let value: Value
    }

    public let bytes: [UInt8]
    public let range: Range<Int>

    public init(bytes: [UInt8]) {
        self.init(bytes: bytes, range: bytes.indices)
    }

    init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.range = range
    }

    /// Every field in order of appearance (a repeated field appears once per element).
    public func fields() throws -> [Field] {
        var fields: [Field] = []
        var position = range.lowerBound
        while position < range.upperBound {
            let key = try readVarint(&position)
            let number = Int(key >> 3)
            guard number > 0 else { throw WeightsError("protobuf: invalid field number 0 at byte \(position)") }
            switch key & 7 {
            case 0:
                fields.append(Field(number: number, value: .varint(try readVarint(&position))))
            case 1:
                fields.append(Field(number: number, value: .fixed64(try readLittleEndian(&position, size: 8))))
            case 5:
                fields.append(Field(number: number, value: .fixed32(UInt32(try readLittleEndian(&position, size: 4)))))
            case 2:
                let length = try readVarint(&position)
                guard length <= UInt64(range.upperBound - position) else {
                    throw WeightsError("protobuf: field \(number) runs past the end of its message")
                }
                let end = position + Int(length)
                fields.append(Field(number: number, value: .lengthDelimited(ProtobufMessage(bytes: bytes, range: position..<end))))
                position = end
            default:
                throw WeightsError("protobuf: unsupported wire type \(key & 7) of field \(number)")
            }
        }
        return fields
    }

    /// The bytes as UTF-8 text.
    public var string: String { String(decoding: bytes[range], as: UTF8.self) }

    /// The bytes as a packed repeated varint field.
    public func packedVarints() throws -> [UInt64] {
        var values: [UInt64] = []
        var position = range.lowerBound
        while position < range.upperBound { values.append(try readVarint(&position)) }
        return values
    }

    /// The bytes as little-endian float32 values (a packed `repeated float` or raw tensor data).
    public func littleEndianFloats() throws -> [Float] {
        guard range.count % 4 == 0 else { throw WeightsError("protobuf: \(range.count) bytes are not whole float32 values") }
        var values = [Float](repeating: 0, count: range.count / 4)
        values.withUnsafeMutableBytes { destination in
            bytes.withUnsafeBytes { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[range]))
            }
        }
        // The wire format is little-endian; swap on a big-endian host.
        if 1.littleEndian != 1 {
            values = values.map { Float(bitPattern: $0.bitPattern.byteSwapped) }
        }
        return values
    }

    private func readVarint(_ position: inout Int) throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < range.upperBound, shift < 64 else { throw WeightsError("protobuf: truncated or invalid varint") }
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    private func readLittleEndian(_ position: inout Int, size: Int) throws -> UInt64 {
        guard position + size <= range.upperBound else { throw WeightsError("protobuf: truncated fixed-size field") }
        let value = (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[position + $1]) << (8 * UInt64($1)) }
        position += size
        return value
    }
}
