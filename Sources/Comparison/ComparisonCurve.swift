/// Johnson et al.'s Figure 5 for one image: the optimization's loss per iteration, the
import StyleTransfer
/// network's loss as a horizontal line, and the iteration where the optimization first beats it.
public enum ComparisonCurve {
    public static func plot(_ entry: ComparisonMetrics.Entry, settings: ComparisonSettings) -> LossPlot {
        let points = entry.slowTotalPerIteration.enumerated().map { (x: Double($0.offset + 1), y: $0.element) }
        var plot = LossPlot(
            title: "\(entry.name): total loss",
            series: [
                .init(
                    label: "optimization (\(settings.optimization.method.rawValue))", color: "#1f77b4", points: points)
            ],
            levels: [.init(label: "fast network", color: "#d62728", value: entry.fast.total)])
        if let iteration = entry.slowBeatsFastAtIteration {
            plot.markers.append(
                .init(
                    label: "below the network at \(iteration)", color: "#2ca02c", x: Double(iteration),
                    y: entry.slowTotalPerIteration[iteration - 1]))
        }
        return plot
    }

    /// curve.svg: one plot per image, two per row.
    public static func svg(_ metrics: ComparisonMetrics) -> String {
        LossPlot.grid(metrics.images.map { plot($0, settings: metrics.settings) }, columns: 2)
    }
}
