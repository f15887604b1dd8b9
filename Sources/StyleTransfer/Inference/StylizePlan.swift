import Platform

/// How an image of `width`×`height` (after any resizing) is stylized under `settings`: whole in
/// one forward pass when its padded pixels are within the untiled limit and no tile size is
/// forced, else in tiles (after a pass over a sample at the untiled limit for the statistics);
/// and whether it may share its pass with others of its size. The one place this rule is
/// written: `Stylizer` stylizes and checks memory by it, `StylizeQueue` batches by it.
struct StylizePlan: Equatable {
    /// Whole, in one pass.
    let untiled: Bool
    /// Whole, and a batch of `settings.batchSize` such images fits in one pass.
    let batchable: Bool
    /// Pixels of the largest pass, for one image.
    let passPixels: Int
    /// Images in the largest pass: a batch, or one.
    let batch: Int

    init(width: Int, height: Int, geometry: NetworkGeometry, settings: StylizeSettings) {
        // Checked: a header may declare sides whose product overflows.
        let padded = ElementCount.product([geometry.paddedSide(width), geometry.paddedSide(height)]) ?? Int.max
        untiled = settings.tileSize == nil && padded <= settings.maxUntiledPixels
        batchable =
            untiled && (ElementCount.product([padded, settings.batchSize]) ?? Int.max) <= settings.maxUntiledPixels
        let tile = settings.tileCore(alignment: geometry.multiple) + 2 * settings.tileMargin
        passPixels = untiled ? padded : max(settings.maxUntiledPixels, tile * tile)
        batch = batchable ? settings.batchSize : 1
    }
}
