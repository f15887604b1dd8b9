import CTurboJPEG

/// JPEG through libjpeg-turbo's TurboJPEG API, whose errors are return codes (the classic
/// libjpeg API reports them with longjmp, which Swift cannot survive).
enum JPEGCodec {
    static func decode(_ data: [UInt8], name: String, settings: ImageReadSettings) throws -> Image {
        guard let handle = tjInitDecompress() else {
            throw ImageError.corrupt(name: name, format: "JPEG", reason: "cannot create a TurboJPEG decompressor")
        }
        defer { tjDestroy(handle) }

        let markers = JPEGMarkers(scanning: data)
        if let size = markers.frameSize, size.width == 0 || size.height == 0 {
            throw ImageError.zeroSize(name: name, width: size.width, height: size.height)
        }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let headerRead = data.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt(data.count), &width, &height, &subsampling, &colorspace)
        }
        guard headerRead == 0 else { throw corrupt(handle, name: name) }
        // A start-of-image marker and nothing after it reads as a 0×0 header: the data ends
        // before any frame says the image's size.
        if markers.frameSize == nil, width == 0 || height == 0 {
            throw ImageError.corrupt(
                name: name, format: "JPEG",
                reason: "no frame header: the data ends before the image's size (truncated?)")
        }
        try settings.checkSize(width: Int(width), height: Int(height), name: name)

        let isCMYK = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
        // TurboJPEG converts greyscale and YCbCr to RGB itself; CMYK/YCCK it can only hand over
        // as CMYK, which we convert below.
        let channels = isCMYK ? 4 : 3
        let pixelFormat = isCMYK ? TJPF_CMYK : TJPF_RGB
        var decoded = [UInt8](repeating: 0, count: Int(width) * Int(height) * channels)
        // LIMITSCANS refuses progressive files with absurd scan counts (a CPU-time bomb).
        let flags = TJFLAG_ACCURATEDCT | TJFLAG_LIMITSCANS
        let status = data.withUnsafeBufferPointer { jpeg in
            decoded.withUnsafeMutableBufferPointer { out in
                tjDecompress2(
                    handle, jpeg.baseAddress, UInt(data.count), out.baseAddress,
                    width, 0, height, Int32(pixelFormat.rawValue), flags)
            }
        }
        // Warnings count as failures: a truncated file "succeeds" with a warning and grey rows.
        guard status == 0 else { throw corrupt(handle, name: name) }

        if isCMYK {
            decoded = rgbFromCMYK(decoded, adobeInverted: markers.hasAdobeMarker)
        }
        let upright = decoded.withUnsafeBufferPointer {
            Image(interleaved: $0, width: Int(width), height: Int(height), channels: 3)
        }
        return upright.reoriented(markers.orientation)
    }

    static func encode(_ image: Image, quality: Int) throws -> [UInt8] {
        guard (1...100).contains(quality) else { throw ImageError.invalidJPEGQuality(quality) }
        guard let handle = tjInitCompress() else {
            throw ImageError.encodingFailed(format: "JPEG", reason: "cannot create a TurboJPEG compressor")
        }
        defer { tjDestroy(handle) }

        let rgb = image.interleavedRGB8()
        let subsampling = quality >= 90 ? TJSAMP_444 : TJSAMP_420
        var jpeg: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        defer { tjFree(jpeg) }
        let status = rgb.withUnsafeBufferPointer {
            tjCompress2(
                handle, $0.baseAddress, Int32(image.width), 0, Int32(image.height), Int32(TJPF_RGB.rawValue),
                &jpeg, &size, Int32(subsampling.rawValue), Int32(quality), TJFLAG_ACCURATEDCT)
        }
        guard status == 0, let jpeg else {
            throw ImageError.encodingFailed(format: "JPEG", reason: String(cString: tjGetErrorStr2(handle)))
        }
        return Array(UnsafeBufferPointer(start: jpeg, count: Int(size)))
    }

    /// CMYK (4 bytes per pixel) to RGB (3 bytes per pixel) with the naive formula every viewer
    /// uses, R = (1 - C)(1 - K): no colour management. Files with an Adobe APP14 marker
    /// (Photoshop and Pillow write one) store the inks inverted, 255 meaning no ink.
    private static func rgbFromCMYK(_ cmyk: [UInt8], adobeInverted: Bool) -> [UInt8] {
        let count = cmyk.count / 4
        // 255 - ink: how much light an ink lets through, which is what inverted files store.
        let clear = { (stored: UInt8) in Int(adobeInverted ? stored : 255 - stored) }
        return [UInt8](unsafeUninitializedCapacity: 3 * count) { rgb, initialized in
            for i in 0..<count {
                let clearOfBlack = clear(cmyk[4 * i + 3])
                for c in 0..<3 {
                    rgb[3 * i + c] = UInt8((clear(cmyk[4 * i + c]) * clearOfBlack + 127) / 255)
                }
            }
            initialized = 3 * count
        }
    }

    private static func corrupt(_ handle: tjhandle, name: String) -> ImageError {
        .corrupt(name: name, format: "JPEG", reason: String(cString: tjGetErrorStr2(handle)))
    }
}
