import Imaging

/// The long side an image is resized to before stylizing (nil keeps its size).
public enum InputSize {
    /// Long sides accepted: at least 1 pixel; at most 32768, far beyond any photo, so that a
    /// typo (an extra zero or two) is refused instead of allocating gigabytes.
    public static let accepted = 1...32768

    /// Throws unless `longSide` is in `accepted`.
    public static func validate(_ longSide: Int) throws {
        guard accepted.contains(longSide) else {
            throw InvalidSetting(.longSide, longSide, "must be between \(accepted.lowerBound) and \(accepted.upperBound) pixels")
        }
    }

    /// `image` with its long side resized to `longSide` (aspect ratio kept), or as it is.
    public static func resized(_ image: Image, longSide: Int?) -> Image {
        guard let longSide, longSide != max(image.width, image.height) else { return image }
        return image.resized(longSide: longSide)
    }
}
