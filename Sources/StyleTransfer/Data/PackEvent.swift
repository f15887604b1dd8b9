/// Reported while packing, once per image of the folder.
public enum PackEvent {
    /// Image `done` of `total` (counting skipped ones) has been handled; `name` was written.
    case packed(done: Int, total: Int, name: String)
    /// `name` could not be read and is left out.
    case skipped(done: Int, total: Int, name: String, error: Error)
}
