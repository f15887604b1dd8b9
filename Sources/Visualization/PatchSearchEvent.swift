/// Reported by the patch search, once per image of the collection.
import StyleTransfer
public enum PatchSearchEvent {
    /// Image `done` of `total` (counting skipped ones) has been searched.
    case searched(done: Int, total: Int, name: String)
    /// Image `name` is left out: it cannot be read, or is too small for the layer.
    case skipped(done: Int, total: Int, name: String, reason: String)
}
