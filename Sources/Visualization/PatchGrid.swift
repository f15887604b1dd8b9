import Foundation
import Imaging
import StyleTransfer

/// The picture of a patch search: a heading, then one row per channel — its number, then its
/// patches best first, each scaled to a square cell with its activation written below.
public enum PatchGrid {
    static let scale = 2
    static let margin = 8
    static let lineHeight = (BitmapFont.glyphHeight + 3) * scale
    static let captionHeight = BitmapFont.glyphHeight + 3

    /// Side of a patch's cell unless told otherwise: a 40-pixel relu3_3 patch shown 2.4× enlarged.
    public static let defaultCell = 96

    /// - Parameter cell: side of each patch's square in the picture, in pixels.
    public static func image(_ result: ActivatingPatches, top: Int, cell: Int = defaultCell) -> Image {
        let labelWidth = BitmapFont.width(of: "CH \(result.channels.max() ?? 0)", scale: scale) + margin
        let columns = max(top, result.patches.map(\.count).max() ?? 0)
        let heading = "\(result.layer): top \(top) of \(result.imagesSearched) images, field \(result.field.size) px"
        let width = max(
            margin + labelWidth + columns * (cell + margin), 2 * margin + BitmapFont.width(of: heading, scale: scale))
        let rowHeight = cell + captionHeight + margin
        let top = margin + lineHeight
        var grid = Image(width: width, height: top + result.channels.count * rowHeight + margin, fill: 255)
        grid.drawText(heading, x: margin, y: margin, scale: scale)
        for (row, (channel, patches)) in zip(result.channels, result.patches).enumerated() {
            let y = top + row * rowHeight
            grid.drawText("CH \(channel)", x: margin, y: y + (cell - BitmapFont.glyphHeight * scale) / 2, scale: scale)
            for (column, patch) in patches.enumerated() {
                let x = margin + labelWidth + column * (cell + margin)
                grid.draw(patch.pixels.resized(width: cell, height: cell).clamped(), x: x, y: y)
                grid.drawText(String(format: "%.1f", patch.unit.activation), x: x, y: y + cell + 2, color: .grey)
            }
        }
        return grid
    }

    /// Bytes of the picture for `channels` rows of `top` cells, within a row's label: to refuse
    /// a search whose picture could not be made.
    static func bytes(channels: Int, top: Int, cell: Int = defaultCell) -> Double {
        let label = BitmapFont.width(of: "CH 99999", scale: scale) + margin
        let width = Double(margin + label + top * (cell + margin)),
            height = Double(margin + lineHeight + channels * (cell + captionHeight + margin) + margin)
        return width * height * 3 * 4
    }
}
