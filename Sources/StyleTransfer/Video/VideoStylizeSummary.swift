/// What stylizing a video did.
public struct VideoStylizeSummary: Sendable {
    public var frames = 0
    public var width = 0
    public var height = 0
    /// Seconds of the whole run (decoding, network, steadying, encoding), and of the network's
    /// forward passes in it.
    public var seconds = 0.0
    public var forwardSeconds = 0.0

    public var framesPerSecond: Double { seconds > 0 ? Double(frames) / seconds : 0 }
}
