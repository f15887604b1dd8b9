import Imaging

/// The long side an image is resized to before stylizing (nil keeps its size).
public enum InputSize {
    /// Long sides accepted: at least 1 pixel; at most 32768, far beyond any photo, so that a
    /// typo (an extra zero or two) is refused instead of allocating gigabytes.
    public static let accepted = SettingBounds.imageSide

    /// Throws unless `longSide` is in `accepted`.
    public static func validate(_ longSide: Int, _ setting: Setting = .longSide) throws {
        try SettingBounds.require(longSide, in: accepted, setting, unit: " pixels")
    }

    /// `image` with its long side resized to `longSide` (aspect ratio kept), or as it is.
    public static func resized(_ image: Image, longSide: Int?) -> Image {
        guard let longSide, longSide != max(image.width, image.height) else { return image }
        return image.resized(longSide: longSide)
    }

    /// The size `resized(_:longSide:)` gives an image of `width`×`height`, without resizing it.
    public static func size(width: Int, height: Int, longSide: Int?) -> (width: Int, height: Int) {
        guard let longSide, longSide != max(width, height) else { return (width, height) }
        return Image.size(width: width, height: height, resizedToLongSide: longSide)
    }
}
