import Imaging
import NN

/// Stylizes an image tile by tile in bounded memory (see `TileLayout`).
///
/// Instance normalization computes its statistics per image, so tiles stylized independently
/// disagree (one tile of sky is normalized brighter than the whole picture's). Every tile is
/// therefore normalized with the statistics of the whole image, measured on a copy downscaled
/// to the untiled pixel limit; the overlaps are then faded from one tile into the next.
public struct TiledStylizer {
    public let stylizer: Stylizer
    public let settings: StylizeSettings

    public init(stylizer: Stylizer, settings: StylizeSettings) {
        self.stylizer = stylizer
        self.settings = settings
    }

    /// The image stylized in tiles, the seconds of all forward passes, and the tile count.
    public func stylize(_ image: Image) throws -> (image: Image, seconds: Double, tiles: Int) {
        let pixels = image.width * image.height
        let scale = min(1, (Double(settings.maxUntiledPixels) / Double(pixels)).squareRoot())
        let sample =
            scale < 1 ? image.resized(longSide: max(1, Int(Double(max(image.width, image.height)) * scale))) : image
        let (statistics, seconds) = try stylizer.statistics(ofSample: sample)
        let result = try stylize(image, statistics: statistics)
        return (result.image, seconds + result.seconds, result.tiles)
    }

    /// The image stylized in tiles normalized with `statistics` (one per instance normalization).
    public func stylize(_ image: Image, statistics: [InstanceNorm.Statistics]) throws -> (
        image: Image, seconds: Double, tiles: Int
    ) {
        stylizer.releaseKernels()
        stylizer.freezeStatistics(statistics)
        defer {
            stylizer.freezeStatistics(nil)
            stylizer.releaseKernels()
        }
        let alignment = stylizer.geometry.multiple
        let layout = TileLayout(
            width: image.width, height: image.height, core: settings.tileCore(alignment: alignment),
            margin: settings.tileMargin, overlap: settings.tileOverlap, alignment: alignment)
        var canvas = FeatheredCanvas(width: image.width, height: image.height)
        var seconds = 0.0
        for (index, tile) in layout.tiles.enumerated() {
            let input = image.cropped(x: tile.x, y: tile.y, width: tile.width, height: tile.height)
            let (outputs, tileSeconds) = try stylizer.forward([input])
            seconds += tileSeconds
            canvas.add(outputs[0], x: tile.x, y: tile.y, columnWeights: tile.columnWeights, rowWeights: tile.rowWeights)
            stylizer.tileProgress?(index + 1, layout.tiles.count)
        }
        return (canvas.image(), seconds, layout.tiles.count)
    }
}
