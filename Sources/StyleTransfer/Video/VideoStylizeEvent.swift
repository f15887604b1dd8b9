import Video

/// What a `VideoStylizer` reports as it goes.
public enum VideoStylizeEvent {
    /// The video is open: what it holds, and the size its frames are stylized at.
    case started(VideoInfo, width: Int, height: Int)
    /// `done` frames written of about `total` (nil when the container does not say), at
    /// `framesPerSecond` so far, with `secondsLeft` at that rate.
    case frame(done: Int, total: Int?, framesPerSecond: Double, secondsLeft: Double?)
}
