/// The largest values settings accept, in one place: far beyond any real use, and small enough
/// that the products made of them (iterations × batch size, sides squared × channels × batch)
/// stay exact in 64-bit arithmetic. An absurd argument, or a value read from a checkpoint, is
/// refused by name here instead of overflowing later; what fits these bounds but not the
/// machine is refused by the memory estimates (`WorkingMemory`).
public enum SettingBounds {
    /// Image sides in pixels (training crops, style size, resizing, tiles).
    public static let imageSide = 1...32768
    /// Training steps: 100 million, 2,500 times Johnson et al.'s 40,000.
    public static let iterations = 1...100_000_000
    /// Images per step or per forward pass.
    public static let batchSize = 1...65536
    /// Periods counted in iterations (checkpoints, validation, samples, learning-rate decay).
    public static let period = 1...100_000_000

    /// Throws unless `value` is within `range`.
    public static func require(_ value: Int, in range: ClosedRange<Int>, _ setting: Setting, unit: String = "") throws {
        guard range.contains(value) else {
            throw InvalidSetting(setting, value, "must be between \(range.lowerBound) and \(range.upperBound)\(unit)")
        }
    }
}
