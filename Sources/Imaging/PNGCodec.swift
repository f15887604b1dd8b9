import CPNG

/// PNG through libpng's simplified API (png_image_*), which reports errors in `message`
/// instead of longjmp-ing through Swift frames.
enum PNGCodec {
    static func decode(_ data: [UInt8], name: String, settings: ImageReadSettings) throws -> Image {
        // libpng reports a zero size only as "Invalid IHDR data"; say it plainly.
        if let (width, height) = declaredSize(data), width == 0 || height == 0 {
            throw ImageError.zeroSize(name: name, width: width, height: height)
        }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }

        let headerRead = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard headerRead != 0 else { throw corrupt(image, name: name) }

        let width = Int(image.width), height = Int(image.height)
        try settings.checkSize(width: width, height: height, name: name)

        // libpng expands palettes, tRNS, grey and low bit depths and de-interlaces. (Swift
        // cannot import the composite PNG_FORMAT_RGBA macro, so its definition is spelled out.)
        // 16-bit files carry no gamma information as often as not; without 16BIT_sRGB libpng
        // would take them to be linear light.
        image.flags |= png_uint_32(PNG_IMAGE_FLAG_16BIT_sRGB)
        let rgba = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        if image.format & png_uint_32(PNG_FORMAT_FLAG_LINEAR) != 0 {
            // 16-bit file: read 16-bit linear samples, not 8-bit sRGB. That keeps the precision,
            // and it avoids a libpng 1.6.39 bug: scaling *interlaced* 16-bit files to 8 bits
            // scrambles the rows (the linear path assembles them correctly).
            image.format = rgba | png_uint_32(PNG_FORMAT_FLAG_LINEAR)
            var samples = [UInt16](repeating: 0, count: width * height * 4)
            try finishRead(&image, into: &samples, name: name)
            return samples.withUnsafeBufferPointer { Image(linearPremultipliedRGBA: $0, width: width, height: height) }
        }
        image.format = rgba
        var samples = [UInt8](repeating: 0, count: width * height * 4)
        try finishRead(&image, into: &samples, name: name)
        return samples.withUnsafeBufferPointer { Image(interleaved: $0, width: width, height: height, channels: 4) }
    }

    /// Decodes the pixels into `buffer`, sized for `image.format` with rows packed tightly.
    private static func finishRead<Sample>(_ image: inout png_image, into buffer: inout [Sample], name: String) throws {
        let finished = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard finished != 0 else { throw corrupt(image, name: name) }
    }

    static func encode(_ source: Image) throws -> [UInt8] {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(source.width)
        image.height = png_uint_32(source.height)
        image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR)
        defer { png_image_free(&image) }

        let rgb = source.interleavedRGB8()
        // First call measures, second call writes (the documented two-pass use).
        var size: png_alloc_size_t = 0
        guard rgb.withUnsafeBytes({ png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, 0, nil) }) != 0
        else {
            throw ImageError.encodingFailed(format: "PNG", reason: message(of: image))
        }
        var output = [UInt8](repeating: 0, count: Int(size))
        let written = output.withUnsafeMutableBytes { memory in
            rgb.withUnsafeBytes {
                png_image_write_to_memory(&image, memory.baseAddress, &size, 0, $0.baseAddress, 0, nil)
            }
        }
        guard written != 0 else { throw ImageError.encodingFailed(format: "PNG", reason: message(of: image)) }
        return Array(output.prefix(Int(size)))
    }

    /// Width and height from the IHDR chunk, which must come first (signature 8 bytes, then
    /// length 4, type 4, width 4, height 4, big-endian); nil if the data is too short.
    private static func declaredSize(_ data: [UInt8]) -> (Int, Int)? {
        guard data.count >= 24, data[12..<16].elementsEqual("IHDR".utf8) else { return nil }
        let field = { (offset: Int) in data[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (field(16), field(20))
    }

    private static func corrupt(_ image: png_image, name: String) -> ImageError {
        .corrupt(name: name, format: "PNG", reason: message(of: image))
    }

    /// libpng's error text, a NUL-terminated char[64] that Swift imports as a tuple.
    private static func message(of image: png_image) -> String {
        withUnsafeBytes(of: image.message) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return bytes.isEmpty ? "unknown libpng error" : String(decoding: bytes, as: UTF8.self)
        }
    }
}
