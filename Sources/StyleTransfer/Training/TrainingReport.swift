import Foundation

/// The loss history written beside a checkpoint: a CSV table and an SVG plot of the curves.
public enum TrainingReport {
    /// `checkpoint.h5` → `checkpoint` + `suffix`.
    public static func path(besides checkpoint: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: checkpoint)
        let base = ["h5", "hdf5"].contains(url.pathExtension.lowercased()) ? url.deletingPathExtension() : url
        return base.path + suffix
    }

    public static func csv(_ history: [HistoryEntry]) -> String {
        var lines = ["iteration,seconds,content,style,tv,total,val_content,val_style,val_tv,val_total"]
        for e in history {
            let v = e.validation
            let fields: [String] = [String(e.iteration), String(format: "%.3f", e.seconds)]
                + [e.terms.content, e.terms.style, e.terms.totalVariation, e.terms.total].map { String(format: "%.6g", $0) }
                + [v?.content, v?.style, v?.totalVariation, v?.total].map { $0.map { String(format: "%.6g", $0) } ?? "" }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Total training loss (a running mean over 20 steps) and validation loss per iteration,
    /// on a log scale.
    public static func svg(_ history: [HistoryEntry], title: String) -> String {
        let (width, height, left, right, top, bottom) = (720.0, 420.0, 70.0, 20.0, 40.0, 50.0)
        var smoothed: [(Double, Double)] = []
        var window: [Double] = []
        for e in history where e.terms.total > 0 {
            window.append(e.terms.total)
            if window.count > 20 { window.removeFirst() }
            smoothed.append((Double(e.iteration), window.reduce(0, +) / Double(window.count)))
        }
        let validation = history.compactMap { e in e.validation.map { (Double(e.iteration), $0.total) } }.filter { $0.1 > 0 }
        let all = smoothed + validation
        guard let minX = all.map(\.0).min(), let maxX = all.map(\.0).max(),
              let minY = all.map(\.1).min(), let maxY = all.map(\.1).max() else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\"></svg>\n"
        }
        let (lo, hi) = (log10(minY) - 0.05, log10(maxY) + 0.05)
        func x(_ v: Double) -> Double { left + (v - minX) / max(maxX - minX, 1) * (width - left - right) }
        func y(_ v: Double) -> Double { top + (hi - log10(v)) / max(hi - lo, 1e-9) * (height - top - bottom) }
        func points(_ series: [(Double, Double)]) -> String {
            series.map { String(format: "%.1f,%.1f", x($0.0), y($0.1)) }.joined(separator: " ")
        }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(left)" y="24" font-size="15">\(escape(title))</text>
            <line x1="\(left)" y1="\(height - bottom)" x2="\(width - right)" y2="\(height - bottom)" stroke="black"/>
            <line x1="\(left)" y1="\(top)" x2="\(left)" y2="\(height - bottom)" stroke="black"/>
            <text x="\(width / 2)" y="\(height - 12)" text-anchor="middle">iteration</text>

            """
        for decade in Int(floor(lo))...Int(ceil(hi)) {
            for m in [1.0, 2.0, 5.0] {
                let v = m * pow(10, Double(decade))
                guard log10(v) >= lo, log10(v) <= hi else { continue }
                svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%@</text>\n",
                              left, y(v), width - right, y(v), left - 6, y(v) + 4, String(format: "%.3g", v))
            }
        }
        for tick in 0...4 {
            let v = minX + (maxX - minX) * Double(tick) / 4
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n", x(v), height - bottom + 16, Int(v.rounded()))
        }
        svg += "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"\(points(smoothed))\"/>\n"
        if !validation.isEmpty {
            svg += "<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\" points=\"\(points(validation))\"/>\n"
            for p in validation { svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#d62728\"/>\n", x(p.0), y(p.1)) }
        }
        svg += """
            <text x="\(width - right - 200)" y="\(top + 10)" fill="#1f77b4">training loss (mean of 20 steps)</text>
            <text x="\(width - right - 200)" y="\(top + 26)" fill="#d62728">validation loss</text>
            </svg>

            """
        return svg
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
