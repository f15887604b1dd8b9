/// How `Stylizer` treats each image, with the command line's defaults.
public struct StylizeSettings: Sendable {
    /// Resize the long side to this many pixels first (nil: keep the input's size).
    public var longSide: Int?
    /// 0 returns the input, 1 the network's output; between, a per-pixel linear mix.
    public var strength: Float = 1
    /// Keep the input's colours (YIQ chroma) and take only the luminance from the network.
    public var preservesColors = false
    /// Side of the square each tile contributes (its core), or nil to tile only images above
    /// `maxUntiledPixels`, with the largest core that stays within that limit.
    public var tileSize: Int?
    /// Images with more pixels than this are tiled. The network's activations take about
    /// 3.1 GB per megapixel (measured with /usr/bin/time -v: 0.67 GB at 0.19 MP, 2.42 GB at
    /// 0.75 MP), so 300 000 pixels keep one forward pass near 1 GB.
    public var maxUntiledPixels = 300_000
    /// Context each tile sees beyond its core on every side, then discards.
    public var tileMargin = 32
    /// Pixels by which the cores of neighbouring tiles overlap, faded from one to the next.
    public var tileOverlap = 96

    public init() {}

    /// Throws a message naming the option when a setting is impossible.
    public func validate() throws {
        if let longSide { try InputSize.validate(longSide) }
        guard strength >= 0, strength <= 1 else { throw StylizeError("--strength must be between 0 and 1, got \(strength)") }
        if let tileSize, tileSize < Self.minimumTileSize {
            throw StylizeError("--tile must be at least \(Self.minimumTileSize) pixels, got \(tileSize)")
        }
        guard maxUntiledPixels >= Self.minimumTileSize * Self.minimumTileSize else {
            throw StylizeError("--max-untiled-pixels must be at least \(Self.minimumTileSize * Self.minimumTileSize), got \(maxUntiledPixels)")
        }
    }

    public static let minimumTileSize = 64

    /// The tile core for an image: `tileSize`, or the largest core whose tile with its margins
    /// has at most `maxUntiledPixels`.
    func tileCore(alignment: Int) -> Int {
        let automatic = Int(Double(maxUntiledPixels).squareRoot()) - 2 * tileMargin
        let core = max(tileSize ?? automatic, Self.minimumTileSize)
        return max(core / alignment * alignment, alignment)
    }
}
