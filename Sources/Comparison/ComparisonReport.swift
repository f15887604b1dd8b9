import Foundation
import Imaging
import StyleTransfer

/// report.html: everything `compare` wrote, in one self-contained page (images embedded as
/// base64 data URIs, the curves as inline SVG), readable from disk without a server.
public enum ComparisonReport {
    public static func html(metrics: ComparisonMetrics, results: [ComparedImage], style: Image?) throws -> String {
        let s = metrics.settings
        let l = s.optimization.loss
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>faststyle compare</title>
            <style>
            body { font-family: sans-serif; margin: 24px; color: #222; }
            table { border-collapse: collapse; font-size: 13px; }
            th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: right; }
            th { background: #f0f0f0; } td:first-child { text-align: left; }
            .row { display: flex; gap: 12px; align-items: flex-start; flex-wrap: wrap; margin: 8px 0 32px; }
            figure { margin: 0; } figcaption { font-size: 13px; text-align: center; }
            img { display: block; }
            </style></head><body>
            <h1>Slow versus fast style transfer</h1>
            <p>Model <code>\(escape(metrics.model))</code>; style <code>\(escape(metrics.style))</code>
            (Gram targets \
            \(metrics.styleTargetsFromCheckpoint ? "stored in the checkpoint" : "computed from the image")).
            Both methods at \(s.size) px (long side) against one loss: content \(l.contentWeight) × \
            \(escape(l.contentLayers.joined(separator: ", "))),
            style \(l.styleWeight) × \(escape(l.styleLayers.joined(separator: ", "))), TV \(l.totalVariationWeight).
            Slow: \(s.optimization.method.rawValue) for \(s.optimization.iterations) iterations from the \
            \(s.initialization.rawValue) image;
            fast: one forward pass of the network. Losses are of the 8-bit outputs; seconds exclude reading files.</p>
            <h2>Measurements</h2>
            <table><tr>\(metrics.tableHeader.map { "<th>\(escape($0))</th>" }.joined())</tr>

            """
        for row in metrics.tableRows {
            html += "<tr>\(row.map { "<td>\(escape($0))</td>" }.joined())</tr>\n"
        }
        html += "</table>\n<p>\(escape(metrics.summary))</p>\n"
        if let style {
            html +=
                "<h2>Style</h2>\n<div class=\"row\">\n"
                + figure(try style.encodedPNG(), caption: metrics.style, width: style.width) + "</div>\n"
        }
        for (result, entry) in zip(results, metrics.images) {
            html += "<h2>\(escape(entry.name))</h2>\n<div class=\"row\">\n"
            html += figure(try result.content.encodedPNG(), caption: "content", width: result.content.width)
            html += figure(
                try result.slow.encodedPNG(),
                caption: String(format: "slow: %.2f s, loss %.4g", entry.slowSeconds, entry.slow.total),
                width: result.slow.width)
            html += figure(
                try result.fast.encodedPNG(),
                caption: String(format: "fast: %.3f s, loss %.4g", entry.fastSeconds, entry.fast.total),
                width: result.fast.width)
            html += ComparisonCurve.plot(entry, settings: s).svg(width: 520, height: 320)
            html += "</div>\n"
        }
        return html + "</body></html>\n"
    }

    private static func figure(_ png: [UInt8], caption: String, width: Int) -> String {
        "<figure><img width=\"\(width)\" alt=\"\(escape(caption))\" "
            + "src=\"data:image/png;base64,\(Data(png).base64EncodedString())\">"
            + "<figcaption>\(escape(caption))</figcaption></figure>\n"
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
