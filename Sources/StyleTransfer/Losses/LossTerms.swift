/// The terms of one evaluation, averaged over the images of the batch.
public struct LossTerms: Codable, Equatable, Sendable {
    /// Σ over content layers of ‖φ(ŷ) − φ(y_c)‖² / (C·H·W), unweighted.
    public var content: Double = 0
    /// Σ over style layers of w_j ‖G(ŷ) − G(y_s)‖²_F / C², with the per-layer factors w_j.
    public var style: Double = 0
    /// Total variation (see `TotalVariation`), unweighted.
    public var totalVariation: Double = 0
    /// contentWeight·content + styleWeight·style + tvWeight·totalVariation.
    public var total: Double = 0

    public init(content: Double = 0, style: Double = 0, totalVariation: Double = 0, total: Double = 0) {
        self.content = content
        self.style = style
        self.totalVariation = totalVariation
        self.total = total
    }
}
