import CFFmpeg
import Imaging

/// Conversions between `Image` (float RGB planes, 0…255) and FFmpeg's 8-bit planar RGB frames
/// (AV_PIX_FMT_GBRP: planes G, B, R, each row `linesize` bytes apart).
enum PlanarFrame {
    /// Planes of `frame` in the order R, G, B.
    private static func planes(_ frame: UnsafeMutablePointer<AVFrame>) -> [(
        data: UnsafeMutablePointer<UInt8>, stride: Int
    )] {
        let f = frame.pointee
        return [(f.data.2!, Int(f.linesize.2)), (f.data.0!, Int(f.linesize.0)), (f.data.1!, Int(f.linesize.1))]
    }

    static func image(_ frame: UnsafeMutablePointer<AVFrame>, width: Int, height: Int) -> Image {
        let plane = width * height
        let pixels = [Float](unsafeUninitializedCapacity: 3 * plane) { out, initialized in
            for (channel, source) in planes(frame).enumerated() {
                for y in 0..<height {
                    let row = source.data + y * source.stride
                    let target = out.baseAddress! + channel * plane + y * width
                    for x in 0..<width { target[x] = Float(row[x]) }
                }
            }
            initialized = 3 * plane
        }
        return Image(width: width, height: height, pixels: pixels)
    }

    /// Writes `image` (clamped, rounded) into `frame`, whose buffers are allocated at its size.
    static func fill(_ frame: UnsafeMutablePointer<AVFrame>, with image: Image) {
        let (width, height) = (image.width, image.height)
        let plane = width * height
        image.pixels.withUnsafeBufferPointer { pixels in
            for (channel, target) in planes(frame).enumerated() {
                for y in 0..<height {
                    let row = target.data + y * target.stride
                    let source = pixels.baseAddress! + channel * plane + y * width
                    for x in 0..<width { row[x] = UInt8(min(max(source[x], 0), 255).rounded()) }
                }
            }
        }
    }
}
