/// Colour preservation by luminance-only transfer (Gatys et al. 2016, "Preserving Color in
/// Neural Artistic Style Transfer"), in the YIQ space the paper uses.
///
/// Y = 0.299 R + 0.587 G + 0.114 B (Rec. 601 luma). The I and Q rows of the YIQ matrix each
/// sum to zero, so adding the same amount to R, G and B changes Y by that amount and leaves
/// I and Q untouched: replacing Y is exactly RGB += (Y_new - Y_old), with no matrix inverse
/// and its rounding error.
extension Image {
    /// Per-pixel luma Y in [0, 255], row-major, count height * width.
    public func luminance() -> [Float] {
        let plane = planeSize
        return [Float](unsafeUninitializedCapacity: plane) { out, initialized in
            pixels.withUnsafeBufferPointer { p in
                for i in 0..<plane {
                    out[i] = 0.299 * p[i] + 0.587 * p[plane + i] + 0.114 * p[2 * plane + i]
                }
            }
            initialized = plane
        }
    }

    /// `self`'s chroma (YIQ I and Q) with the luminance (Y) of `luminanceSource`, which must have
    /// the same size. Typical use: `content.withLuminance(of: stylized)` keeps the photo's
    /// colours and the style's brush strokes. Not clamped: a bright Y on a saturated colour
    /// can leave [0, 255]; see `clamped()`.
    public func withLuminance(of luminanceSource: Image) -> Image {
        precondition(
            luminanceSource.width == width && luminanceSource.height == height,
            "withLuminance needs equal sizes, got \(width)x\(height) and "
                + "\(luminanceSource.width)x\(luminanceSource.height)"
        )
        let plane = planeSize
        let own = luminance(), target = luminanceSource.luminance()
        var result = self
        result.pixels.withUnsafeMutableBufferPointer { p in
            own.withUnsafeBufferPointer { own in
                target.withUnsafeBufferPointer { target in
                    for c in 0..<3 {
                        let channel = p.baseAddress! + c * plane
                        for i in 0..<plane {
                            channel[i] += target[i] - own[i]
                        }
                    }
                }
            }
        }
        return result
    }
}
