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
    /// Images with more pixels than this are tiled. An inference pass keeps only a few
    /// activations (`ForwardPass.inferenceOnly`): peak RSS 0.63 GiB at 1920×1080 (measured with
    /// /usr/bin/time), about 0.3 GiB per megapixel, so 2.5 megapixels stay under 1 GiB.
    public var maxUntiledPixels = 2_500_000
    /// Context each tile sees beyond its core on every side, then discards.
    public var tileMargin = 32
    /// Pixels by which the cores of neighbouring tiles overlap, faded from one to the next.
    public var tileOverlap = 96
    /// Up to this many images of one size in one forward pass (`StylizeQueue`). Batching did not
    /// measurably pay on the 2-core development machine: 8 images of 256², forward passes in
    /// total (median of 6 alternating runs, release build) 3.95 s one by one, 3.72 s in batches
    /// of 4, within the run-to-run noise (3.45–4.21 s). So images go one by one by default.
    public var batchSize = 1
    /// JPEG quality (1–100) of .jpg and .jpeg outputs.
    public var jpegQuality = 92

    public init() {}

    /// Throws the first impossible setting.
    public func validate() throws {
        if let longSide { try InputSize.validate(longSide) }
        guard strength >= 0, strength <= 1 else { throw InvalidSetting(.strength, strength, "must be between 0 and 1") }
        if let tileSize {
            try SettingBounds.require(
                tileSize, in: Self.minimumTileSize...SettingBounds.imageSide.upperBound, .tileSize, unit: " pixels")
        }
        let side = SettingBounds.imageSide.upperBound
        try SettingBounds.require(
            maxUntiledPixels, in: Self.minimumTileSize * Self.minimumTileSize...side * side, .maxUntiledPixels)
        try SettingBounds.require(batchSize, in: SettingBounds.batchSize, .batchSize)
        guard (1...100).contains(jpegQuality) else {
            throw InvalidSetting(.jpegQuality, jpegQuality, "must be between 1 and 100")
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
