import Platform

/// Limits applied while decoding.
public struct ImageReadSettings: Sendable {
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
        // With the limit raised, the memory still bounds what a header may declare: decoding
        // holds the samples (up to 8 bytes a pixel) and the float image (12 bytes a pixel).
        do {
            try MemoryBudget.require(
                elements: [width, height, 20], elementSize: 1, for: "decoding \(width)×\(height) pixels")
        } catch let error as MemoryLimitError {
            throw ImageError.insufficientMemory(name: name, problem: error.description)
        }
    }
}
