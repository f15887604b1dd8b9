import FuzzSupport
import Imaging

/// PNG and JPEG decoding through `Image(decoding:name:settings:)`: the signature check, the
/// headers' sizes against the pixel limit, libpng's and TurboJPEG's decoding, the CMYK
/// conversion and the EXIF orientation. The limit is lower than the default (4 megapixels
/// instead of 100) so that the fuzzer's inputs stay within its memory limit; it is the same check.
@main
enum FuzzImage {
    static func main() {
        let settings = ImageReadSettings(maxPixels: 4_000_000)
        FuzzDriver.run { data in
            do {
                let image = try Image(decoding: data, name: "input", settings: settings)
                precondition(
                    image.width > 0 && image.height > 0 && image.pixels.count == 3 * image.width * image.height,
                    "decoded image of \(image.width)×\(image.height) with \(image.pixels.count) samples")
            } catch {
                requireClearError(error, naming: "input")
            }
        }
    }
}
