/// The facts TurboJPEG does not report, read from the JPEG marker segments before the first
/// scan: the EXIF orientation (APP1), whether an Adobe APP14 marker is present (which means
/// CMYK samples are stored inverted), and the frame size as declared (libjpeg words a zero
/// height as "DNL not supported").
///
/// Anything malformed is ignored rather than fatal: the pixels are still decodable, and an
/// upright-by-default image is better than a refusal.
struct JPEGMarkers {
    var orientation = Orientation.identity
    var hasAdobeMarker = false
    /// Width and height from the first SOFn segment, if one was found.
    var frameSize: (width: Int, height: Int)?

    /// SOF0...SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    static let startOfFrameMarkers: Set<UInt8> = Set(0xC0...0xCF).subtracting([0xC4, 0xC8, 0xCC])

    init(scanning data: [UInt8]) {
        var position = 2   // after SOI (FF D8)
        while position + 4 <= data.count {
            guard data[position] == 0xFF else { return }
            let marker = data[position + 1]
            if marker == 0xFF { position += 1; continue }   // fill byte before a marker
            if marker == 0xDA || marker == 0xD9 { return }   // start of scan / end of image
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { position += 2; continue }   // no length field
            let length = Int(data[position + 2]) << 8 | Int(data[position + 3])   // includes its own 2 bytes
            guard length >= 2, position + 2 + length <= data.count else { return }
            let body = data[(position + 4)..<(position + 2 + length)]
            if marker == 0xE1, body.starts(with: Array("Exif\0\0".utf8)) {
                orientation = EXIF.orientation(tiff: Array(body.dropFirst(6))) ?? .identity
            } else if marker == 0xEE, body.starts(with: Array("Adobe".utf8)) {
                hasAdobeMarker = true
            } else if Self.startOfFrameMarkers.contains(marker), frameSize == nil, body.count >= 5 {
                let start = body.startIndex   // precision(1) height(2) width(2)
                frameSize = (
                    Int(body[start + 3]) << 8 | Int(body[start + 4]), Int(body[start + 1]) << 8 | Int(body[start + 2])
                )
            }
            position += 2 + length
        }
    }
}

/// Just enough of EXIF (a TIFF structure) to find IFD0's Orientation tag.
enum EXIF {
    static let orientationTag = 0x0112
    static let typeShort = 3

    /// The orientation in `tiff` (the APP1 body after "Exif\0\0"), or nil if it is absent,
    /// malformed or out of the range 1...8.
    static func orientation(tiff: [UInt8]) -> Orientation? {
        let bigEndian: Bool
        switch tiff.prefix(2) {
        case [0x4D, 0x4D]: bigEndian = true   // "MM", Motorola
        case [0x49, 0x49]: bigEndian = false   // "II", Intel
        default: return nil
        }
        func read(_ offset: Int, _ byteCount: Int) -> Int? {
            guard offset >= 0, offset + byteCount <= tiff.count else { return nil }
            let bytes = tiff[offset..<(offset + byteCount)]
            return (bigEndian ? Array(bytes) : bytes.reversed()).reduce(0) { $0 << 8 | Int($1) }
        }
        guard read(2, 2) == 42, let ifd = read(4, 4), let entryCount = read(ifd, 2) else { return nil }
        for entry in 0..<entryCount {
            let base = ifd + 2 + 12 * entry   // tag(2) type(2) count(4) value(4)
            guard let tag = read(base, 2) else { return nil }
            guard tag == orientationTag else { continue }
            guard read(base + 2, 2) == typeShort, read(base + 4, 4) == 1, let value = read(base + 8, 2) else {
                return nil
            }
            return Orientation(rawValue: value)
        }
        return nil
    }
}
