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
        // One pass into a buffer that deflate's output fits in (stored blocks at worst: the raw
        // rows, 5 bytes per block, an IDAT chunk header per 8 KB); libpng's documented two-pass
        // use (measure with no buffer, then write) compressed the image twice, 0.41 + 0.33 s of
        // a 1920×1080 stylize. Should it not fit, libpng says the size it needs: once more.
        let raw = source.height * (1 + 3 * source.width)
        var output = [UInt8](repeating: 0, count: raw + raw / 512 + 4096)
        var size = png_alloc_size_t(output.count)
        var written = write(&image, rgb, into: &output, size: &size)
        if written == 0, Int(size) > output.count {
            output = [UInt8](repeating: 0, count: Int(size))
            written = write(&image, rgb, into: &output, size: &size)
        }
        guard written != 0 else { throw ImageError.encodingFailed(format: "PNG", reason: message(of: image)) }
        output.removeLast(output.count - Int(size))
        return output
    }

    private static func write(
        _ image: inout png_image, _ rgb: [UInt8], into output: inout [UInt8], size: inout png_alloc_size_t
    ) -> Int32 {
        output.withUnsafeMutableBytes { memory in
            rgb.withUnsafeBytes { png_image_write_to_memory(&image, memory.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
        }
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
