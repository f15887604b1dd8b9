import Foundation

/// Conversion between the libraries' interleaved 8-bit pixels and the planar float `Image`.
extension Image {
    /// Builds an image from interleaved 8-bit samples with `channels` per pixel:
    /// 3 = RGB, 4 = RGBA (alpha composited on white, see `init(decoding:name:settings:)`).
    init(interleaved source: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int) {
        precondition(channels == 3 || channels == 4)
        precondition(source.count >= width * height * channels)
        let plane = width * height
        let pixels = [Float](unsafeUninitializedCapacity: 3 * plane) { out, initialized in
            for i in 0..<plane {
                let p = i * channels
                var r = Float(source[p]), g = Float(source[p + 1]), b = Float(source[p + 2])
                if channels == 4 {
                    let a = Float(source[p + 3]) / 255
                    let white = (1 - a) * 255
                    r = a * r + white
                    g = a * g + white
                    b = a * b + white
                }
                out[i] = r
                out[plane + i] = g
                out[2 * plane + i] = b
            }
            initialized = 3 * plane
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// Interleaved RGB bytes, samples rounded to nearest and clamped to [0, 255].
    func interleavedRGB8() -> [UInt8] {
        let plane = planeSize
        return [UInt8](unsafeUninitializedCapacity: 3 * plane) { out, initialized in
            pixels.withUnsafeBufferPointer { source in
                for c in 0..<3 {
                    for i in 0..<plane {
                        // + 0.5 then truncation rounds non-negative values, without a libm call.
                        out[3 * i + c] = UInt8(min(max(source[c * plane + i], 0), 255) + 0.5)
                    }
                }
            }
            initialized = 3 * plane
        }
    }
}

extension Image {
    /// Builds an image from libpng's 16-bit linear RGBA, in which colour is premultiplied by
    /// alpha: un-premultiply, encode back to gamma-encoded values (the space the rest of the
    /// program works in), then composite on white as for 8-bit data. Samples keep their 16-bit
    /// precision as fractions.
    init(linearPremultipliedRGBA source: UnsafeBufferPointer<UInt16>, width: Int, height: Int) {
        precondition(source.count >= width * height * 4)
        let plane = width * height
        let pixels = [Float](unsafeUninitializedCapacity: 3 * plane) { out, initialized in
            for i in 0..<plane {
                let alpha = Float(source[4 * i + 3])
                let a = alpha / 65535
                for c in 0..<3 {
                    let linear = alpha > 0 ? min(Float(source[4 * i + c]) / alpha, 1) : 0
                    out[c * plane + i] = a * 255 * powf(linear, Self.libpngDecodingGamma) + (1 - a) * 255
                }
            }
            initialized = 3 * plane
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// libpng's simplified API linearizes 16-bit "sRGB" samples with a pure power law of 2.2
    /// (PNG_GAMMA_sRGB), not the piecewise sRGB curve; inverting the same curve gives back the
    /// stored values exactly.
    static let libpngDecodingGamma: Float = 1 / 2.2
}
