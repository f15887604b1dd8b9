import Foundation

/// A loss-per-iteration plot as SVG, with the y axis on a log scale (losses fall over decades).
/// Used by the training report (training and validation curves) and by `compare` (the
/// optimization's loss with the fast network's loss as a horizontal line).
public struct LossPlot {
    /// A polyline through (iteration, loss) points; `dots` marks each point with a circle.
    public struct Series {
        public var label: String
        public var color: String
        public var points: [(x: Double, y: Double)]
        public var dots: Bool

        public init(label: String, color: String, points: [(x: Double, y: Double)], dots: Bool = false) {
            self.label = label
            self.color = color
            self.points = points
            self.dots = dots
        }
    }

    /// A constant loss drawn across the whole plot (dashed).
    public struct Level {
        public var label: String
        public var color: String
        public var value: Double

        public init(label: String, color: String, value: Double) {
            self.label = label
            self.color = color
            self.value = value
        }
    }

    /// A labelled point: a vertical dotted line at `x` and a ring at (x, y).
    public struct Marker {
        public var label: String
        public var color: String
        public var x: Double
        public var y: Double

        public init(label: String, color: String, x: Double, y: Double) {
            self.label = label
            self.color = color
            self.x = x
            self.y = y
        }
    }

    public var title: String
    public var xLabel = "iteration"
    public var series: [Series] = []
    public var levels: [Level] = []
    public var markers: [Marker] = []

    public init(title: String, series: [Series] = [], levels: [Level] = [], markers: [Marker] = []) {
        self.title = title
        self.series = series
        self.levels = levels
        self.markers = markers
    }

    /// A standalone SVG document of the plot.
    public func svg(width: Double = 720, height: Double = 420) -> String {
        Self.document(width: width, height: height, body: elements(x: 0, y: 0, width: width, height: height))
    }

    /// Several plots in one SVG document, `columns` per row, each `width` × `height`.
    public static func grid(_ plots: [LossPlot], columns: Int, width: Double = 520, height: Double = 320) -> String {
        var body = ""
        for (index, plot) in plots.enumerated() {
            body += plot.elements(
                x: Double(index % columns) * width, y: Double(index / columns) * height, width: width, height: height)
        }
        let rows = (plots.count + columns - 1) / max(columns, 1)
        return document(
            width: width * Double(min(columns, max(plots.count, 1))), height: height * Double(max(rows, 1)), body: body)
    }

    private static func document(width: Double, height: Double, body: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" \
        font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        \(body)</svg>

        """
    }

    /// The plot's SVG elements in the frame at (x0, y0) of the given size.
    func elements(x x0: Double, y y0: Double, width: Double, height: Double) -> String {
        let (left, right, top, bottom) = (x0 + 70.0, x0 + width - 20, y0 + 40.0, y0 + height - 50)
        var svg = "<text x=\"\(left)\" y=\"\(y0 + 24)\" font-size=\"15\">\(Self.escape(title))</text>\n"
        let values = series.flatMap { $0.points }.filter { $0.y > 0 && $0.y.isFinite }
        let ys = values.map(\.y) + levels.map(\.value).filter { $0 > 0 && $0.isFinite }
        guard let minX = values.map(\.x).min(), let maxX = values.map(\.x).max(), let minY = ys.min(),
            let maxY = ys.max()
        else {
            return svg + "<text x=\"\(left)\" y=\"\(top + 20)\">no data</text>\n"
        }
        let (lo, hi) = (log10(minY) - 0.05, log10(maxY) + 0.05)
        func x(_ v: Double) -> Double { left + (v - minX) / max(maxX - minX, 1) * (right - left) }
        func y(_ v: Double) -> Double { top + (hi - log10(v)) / max(hi - lo, 1e-9) * (bottom - top) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        svg += """
            <line x1="\(f(left))" y1="\(f(bottom))" x2="\(f(right))" y2="\(f(bottom))" stroke="black"/>
            <line x1="\(f(left))" y1="\(f(top))" x2="\(f(left))" y2="\(f(bottom))" stroke="black"/>
            <text x="\(f((left + right) / 2))" y="\(f(y0 + height - 12))" \
            text-anchor="middle">\(Self.escape(xLabel))</text>

            """
        // Grid lines at 1, 2 and 5 times each power of ten in range.
        for decade in Int(floor(lo))...Int(ceil(hi)) {
            for m in [1.0, 2.0, 5.0] {
                let v = m * pow(10, Double(decade))
                guard log10(v) >= lo, log10(v) <= hi else { continue }
                svg +=
                    "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(right))\" y2=\"\(f(y(v)))\" stroke=\"#ddd\"/>"
                    + "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" "
                    + "text-anchor=\"end\">\(String(format: "%.3g", v))</text>\n"
            }
        }
        for tick in 0...4 {
            let v = minX + (maxX - minX) * Double(tick) / 4
            svg += "<text x=\"\(f(x(v)))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\">\(Int(v.rounded()))</text>\n"
        }
        for level in levels where level.value > 0 && level.value.isFinite {
            svg +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y(level.value)))\" x2=\"\(f(right))\" y2=\"\(f(y(level.value)))\" "
                + "stroke=\"\(level.color)\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/>\n"
        }
        for s in series {
            let points = s.points.filter { $0.y > 0 && $0.y.isFinite }
            svg +=
                "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.5\" "
                + "points=\"\(points.map { "\(f(x($0.x))),\(f(y($0.y)))" }.joined(separator: " "))\"/>\n"
            if s.dots {
                for p in points {
                    svg += "<circle cx=\"\(f(x(p.x)))\" cy=\"\(f(y(p.y)))\" r=\"3\" fill=\"\(s.color)\"/>\n"
                }
            }
        }
        for marker in markers where marker.y > 0 {
            svg +=
                "<line x1=\"\(f(x(marker.x)))\" y1=\"\(f(top))\" x2=\"\(f(x(marker.x)))\" y2=\"\(f(bottom))\" "
                + "stroke=\"\(marker.color)\" stroke-dasharray=\"2,3\"/>"
                + "<circle cx=\"\(f(x(marker.x)))\" cy=\"\(f(y(marker.y)))\" r=\"5\" fill=\"none\" "
                + "stroke=\"\(marker.color)\" stroke-width=\"2\"/>"
                + "<text x=\"\(f(x(marker.x) + 6))\" y=\"\(f(bottom - 8))\" "
                + "fill=\"\(marker.color)\">\(Self.escape(marker.label))</text>\n"
        }
        // Legend, top right.
        let legend = series.map { ($0.label, $0.color) } + levels.map { ($0.label, $0.color) }
        for (index, entry) in legend.enumerated() {
            svg +=
                "<text x=\"\(f(right - 8))\" y=\"\(f(top + 10 + 16 * Double(index)))\" text-anchor=\"end\" "
                + "fill=\"\(entry.1)\">\(Self.escape(entry.0))</text>\n"
        }
        return svg
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
