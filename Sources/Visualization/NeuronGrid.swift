import Foundation
import Imaging
import StyleTransfer

/// The picture of several channels' visualizations: a heading, then the images in rows, each
/// with its channel and the activation it reached written below.
public enum NeuronGrid {
    static let scale = 2
    static let margin = 8
    static let captionHeight = (BitmapFont.glyphHeight + 3) * scale

    /// One visualized channel.
    public struct Entry: Sendable {
        public let channel: Int
        public let activation: Double
        public let image: Image

        public init(channel: Int, activation: Double, image: Image) {
            self.channel = channel
            self.activation = activation
            self.image = image
        }
    }

    /// The entries (images of one size) in rows of `columns`, under `heading`.
    public static func image(_ entries: [Entry], heading: String, columns: Int = 4) -> Image {
        precondition(!entries.isEmpty && columns > 0, "a grid needs entries and columns")
        let (cellWidth, cellHeight) = (entries[0].image.width, entries[0].image.height)
        let columns = min(columns, entries.count)
        let rows = (entries.count + columns - 1) / columns
        let width = max(
            margin + columns * (cellWidth + margin), 2 * margin + BitmapFont.width(of: heading, scale: scale))
        let top = margin + captionHeight
        let rowHeight = cellHeight + captionHeight + margin
        var grid = Image(width: width, height: top + rows * rowHeight, fill: 255)
        grid.drawText(heading, x: margin, y: margin, scale: scale)
        for (index, entry) in entries.enumerated() {
            let (row, column) = index.quotientAndRemainder(dividingBy: columns)
            let (x, y) = (margin + column * (cellWidth + margin), top + row * rowHeight)
            grid.draw(entry.image, x: x, y: y)
            let caption = String(
                format: entry.activation >= 100 ? "CH %d  %.0f" : "CH %d  %.3g", entry.channel, entry.activation)
            grid.drawText(
                caption, x: x, y: y + cellHeight + 3,
                scale: BitmapFont.width(of: caption, scale: scale) <= cellWidth ? scale : 1)
        }
        return grid
    }
}
