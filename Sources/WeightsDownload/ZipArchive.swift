import CZlib
import Foundation
import Platform
import StyleTransfer

/// A minimal reader of zip archives (a Python wheel is one): the central directory, and
/// members stored or deflated, checked against their CRC-32. No ZIP64, no encryption.
public struct ZipArchive {
    public struct Entry {
        public let name: String
        /// 0 = stored, 8 = deflated.
        public let method: UInt16
        public let crc32: UInt32
        public let compressedSize: Int
        public let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    /// Where the archive came from, for messages.
    public let source: String
    public let entries: [Entry]
    private let bytes: [UInt8]

    public init(contentsOf path: String) throws {
        try self.init(bytes: try RegularFile.read(path), source: path)
    }

    public init(bytes: [UInt8], source: String) throws {
        self.bytes = bytes
        self.source = source
        // End of central directory record: 22 bytes plus a comment of up to 65535 bytes.
        let earliest = max(0, bytes.count - 22 - 65535)
        guard bytes.count >= 22,
              let end = stride(from: bytes.count - 22, through: earliest, by: -1).first(where: { Self.u32(bytes, $0) == 0x0605_4b50 })
        else { throw WeightsError("\(source): not a zip archive (no end of central directory)") }
        let count = Int(Self.u16(bytes, end + 10))
        var offset = Int(Self.u32(bytes, end + 16))
        var entries: [Entry] = []
        for _ in 0..<count {
            guard offset + 46 <= bytes.count, Self.u32(bytes, offset) == 0x0201_4b50 else {
                throw WeightsError("\(source): corrupt zip central directory")
            }
            let nameLength = Int(Self.u16(bytes, offset + 28))
            let extraLength = Int(Self.u16(bytes, offset + 30))
            let commentLength = Int(Self.u16(bytes, offset + 32))
            guard offset + 46 + nameLength <= bytes.count else { throw WeightsError("\(source): corrupt zip central directory") }
            let compressed = Self.u32(bytes, offset + 20), uncompressed = Self.u32(bytes, offset + 24)
            let localOffset = Self.u32(bytes, offset + 42)
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, localOffset != 0xFFFF_FFFF else {
                throw WeightsError("\(source): ZIP64 archives are not supported")
            }
            entries.append(Entry(
                name: String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self),
                method: Self.u16(bytes, offset + 10), crc32: Self.u32(bytes, offset + 16),
                compressedSize: Int(compressed), uncompressedSize: Int(uncompressed), localHeaderOffset: Int(localOffset)))
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The uncompressed content of member `name`.
    public func extract(_ name: String) throws -> [UInt8] {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw WeightsError("\(source): no member \(name) in the archive")
        }
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, Self.u32(bytes, header) == 0x0403_4b50 else {
            throw WeightsError("\(source): corrupt local header of \(name)")
        }
        let start = header + 30 + Int(Self.u16(bytes, header + 26)) + Int(Self.u16(bytes, header + 28))
        guard start + entry.compressedSize <= bytes.count else { throw WeightsError("\(source): \(name) is truncated") }
        let stored = bytes[start..<(start + entry.compressedSize)]
        let content: [UInt8]
        switch entry.method {
        case 0: content = Array(stored)
        case 8: content = try inflate(stored, expectedSize: entry.uncompressedSize, name: name)
        default: throw WeightsError("\(source): \(name) uses unsupported compression method \(entry.method)")
        }
        let crc = content.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
        guard content.count == entry.uncompressedSize, crc == entry.crc32 else {
            throw WeightsError("\(source): \(name) is corrupt (size or CRC-32 mismatch)")
        }
        return content
    }

    private func inflate(_ input: ArraySlice<UInt8>, expectedSize: Int, name: String) throws -> [UInt8] {
        // One spare byte: zlib refuses a null output pointer, which an empty array would give.
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        var stream = z_stream()
        guard czlib_inflate_init_raw(&stream) == Z_OK else { throw WeightsError("\(source): cannot start inflating \(name)") }
        defer { inflateEnd(&stream) }
        let status: Int32 = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = UInt32(destination.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == expectedSize else {
            throw WeightsError("\(source): \(name) does not inflate (zlib status \(status))")
        }
        return Array(output.prefix(expectedSize))
    }

    private static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(u16(bytes, offset)) | UInt32(u16(bytes, offset + 2)) << 16
    }
}
