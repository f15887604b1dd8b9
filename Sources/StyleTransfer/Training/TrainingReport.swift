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
