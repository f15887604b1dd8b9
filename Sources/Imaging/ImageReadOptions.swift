/// Limits applied while decoding.
public struct ImageReadOptions: Sendable {
    /// Largest width * height accepted. The header is checked against it before pixel memory is
    /// allocated: a few hundred bytes of PNG can declare gigapixels (a decompression bomb).
    /// The default of 100 megapixels is far above any photo this program styles (12 MP decode
    /// to 144 MB of float samples); raise it explicitly for bigger trusted files.
    public var maxPixels: Int

    public init(maxPixels: Int = 100_000_000) {
        self.maxPixels = maxPixels
    }

    /// Throws unless `width` x `height` is a non-empty size within `maxPixels`.
    func checkSize(width: Int, height: Int, name: String) throws {
        guard width > 0, height > 0 else { throw ImageError.zeroSize(name: name, width: width, height: height) }
        guard width * height <= maxPixels else {
            throw ImageError.tooManyPixels(name: name, width: width, height: height, limit: maxPixels)
        }
    }
}
