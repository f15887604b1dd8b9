/// What a queue did.
public struct StylizeSummary: Sendable {
    public var stylized = 0
    public var failed = 0
    /// Seconds of the whole run, and of the network's forward passes in it.
    public var seconds = 0.0
    public var forwardSeconds = 0.0
}
