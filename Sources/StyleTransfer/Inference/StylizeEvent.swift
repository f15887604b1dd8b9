/// What a `StylizeQueue` reports as it goes.
public enum StylizeEvent {
    /// Tile `done` of `total` of a tiled image is stylized; `secondsLeft` at the rate so far.
    case tile(StylizeJob, done: Int, total: Int, secondsLeft: Double)
    /// The job's image was stylized and written to `job.output`.
    case stylized(StylizeJob, StylizedImage)
    /// The job failed (unreadable image, unwritable output, …); the others go on.
    case failed(StylizeJob, Error)
}
