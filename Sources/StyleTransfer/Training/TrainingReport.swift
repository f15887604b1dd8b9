import Foundation

/// The loss history as a CSV table and as an SVG plot of the curves.
public enum TrainingReport {
    /// One line per entry, the columns of `HistoryEntry.columns`; empty fields where the
    /// validation loss was not measured.
    public static func csv(_ history: [HistoryEntry]) -> String {
        var lines = [HistoryEntry.columns.joined(separator: ",")]
        for entry in history {
            let fields = entry.row.enumerated().map { column, value -> String in
                if value.isNaN { return "" }
                switch column {
                case 0: return String(Int(value))
                case 1: return String(format: "%.3f", value)
                default: return String(format: "%.6g", value)
                }
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Total training loss (a running mean over 20 steps) and validation loss per iteration,
    /// on a log scale.
    public static func svg(_ history: [HistoryEntry], title: String) -> String {
        var smoothed: [(x: Double, y: Double)] = []
        var window: [Double] = []
        for e in history where e.terms.total > 0 {
            window.append(e.terms.total)
            if window.count > 20 { window.removeFirst() }
            smoothed.append((Double(e.iteration), window.reduce(0, +) / Double(window.count)))
        }
        let validation = history.compactMap { e in e.validation.map { (x: Double(e.iteration), y: $0.total) } }
        var plot = LossPlot(title: title)
        plot.series.append(.init(label: "training loss (mean of 20 steps)", color: "#1f77b4", points: smoothed))
        if !validation.isEmpty {
            plot.series.append(.init(label: "validation loss", color: "#d62728", points: validation, dots: true))
        }
        return plot.svg()
    }
}
