import Foundation
import Imaging
import StyleTransfer

/// panel.png: one row per content image — content | style | slow | fast — each in a square cell
/// of the working size, with column headings and captions (name; time and total loss) in the
/// built-in bitmap font.
public enum ComparisonPanel {
    static let scale = 2
    static let lineHeight = (BitmapFont.glyphHeight + 3) * scale
    static let margin = 8

    /// - Parameter style: the style image (any size, fitted beside each row's images); nil
    ///   draws a note that the targets came from the checkpoint without the image.
    public static func image(
        results: [ComparedImage], entries: [ComparisonMetrics.Entry], style: Image?,
        cell: Int, iterations: Int
    ) -> Image {
        let columns = 4
        let header = lineHeight + margin
        // A row: the name, the images (as tall as the tallest), two caption lines.
        let imageHeights = results.map { max($0.content.height, $0.slow.height, $0.fast.height) }
        let rowHeights = imageHeights.map { lineHeight + $0 + 4 + 2 * lineHeight + margin }
        // Columns wide enough for a caption of 18 characters, even around small images.
        let columnWidth = max(cell, 18 * BitmapFont.advance * scale)
        var panel = Image(
            width: margin + columns * (columnWidth + margin), height: header + rowHeights.reduce(0, +) + margin,
            fill: 255)
        func x(_ column: Int) -> Int { margin + column * (columnWidth + margin) }
        let headings = ["CONTENT", "STYLE", "SLOW: \(iterations) ITERATIONS", "FAST: NETWORK"]
        for (column, heading) in headings.enumerated() {
            panel.drawText(fitted(heading, columnWidth), x: x(column), y: margin, scale: scale)
        }
        var top = header
        for (row, (result, entry)) in zip(results, entries).enumerated() {
            let height = imageHeights[row]
            panel.drawText(fitted(result.name, 2 * columnWidth), x: x(0), y: top, scale: scale)
            let y = top + lineHeight
            let tiles: [Image?] = [
                result.content, style.map { fit($0, width: cell, height: height) }, result.slow, result.fast,
            ]
            for (column, tile) in tiles.enumerated() {
                guard let tile else {
                    panel.fill(
                        x: x(column), y: y, width: columnWidth, height: height,
                        color: Color(red: 230, green: 230, blue: 230))
                    panel.drawText(
                        fitted("GRAM TARGETS", columnWidth), x: x(column) + 4, y: y + height / 2 - lineHeight,
                        scale: scale, color: .grey)
                    panel.drawText(
                        fitted("FROM CHECKPOINT", columnWidth), x: x(column) + 4, y: y + height / 2, scale: scale,
                        color: .grey)
                    continue
                }
                panel.draw(tile, x: x(column) + (columnWidth - tile.width) / 2, y: y + (height - tile.height) / 2)
            }
            let captionTop = y + height + 4
            for (column, seconds, loss) in [
                (2, entry.slowSeconds, entry.slow.total), (3, entry.fastSeconds, entry.fast.total),
            ] {
                panel.drawText(
                    fitted(String(format: seconds < 10 ? "%.3f S" : "%.1f S", seconds), columnWidth), x: x(column),
                    y: captionTop, scale: scale)
                panel.drawText(
                    fitted("LOSS " + compact(loss), columnWidth), x: x(column), y: captionTop + lineHeight, scale: scale
                )
            }
            top += rowHeights[row]
        }
        return panel
    }

    /// `image` scaled (down or up) to the largest size within width × height, aspect kept.
    static func fit(_ image: Image, width: Int, height: Int) -> Image {
        let factor = min(Double(width) / Double(image.width), Double(height) / Double(image.height))
        let (w, h) = (
            max(1, Int((Double(image.width) * factor).rounded())),
            max(1, Int((Double(image.height) * factor).rounded()))
        )
        return image.resized(width: min(w, width), height: min(h, height)).clamped()
    }

    /// `text` cut to what fits in `width` pixels at the panel's scale.
    static func fitted(_ text: String, _ width: Int) -> String {
        let characters = max(1, (width / scale + 1) / BitmapFont.advance)
        return text.count <= characters ? text : String(text.prefix(characters - 1)) + "."
    }

    /// 123456 → "1.23E5", 96452 → "9.65E4", 12.5 → "12.5": three significant digits in few characters.
    static func compact(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return String(format: "%g", value) }
        let exponent = Int(floor(log10(value)))
        if (-2...2).contains(exponent) { return String(format: "%.3g", value) }
        return String(format: "%.2fE%d", value / pow(10, Double(exponent)), exponent)
    }
}
