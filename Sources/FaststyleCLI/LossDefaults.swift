/// Where a command's loss settings start from when an option is left out.
protocol LossDefaults {
    /// The help's words for it; nil: the library's values (the same for train and optimize, so
    /// their losses are comparable), which the help then gives.
    static var source: String? { get }
}

/// train and optimize: the library's defaults.
enum LibraryLossDefaults: LossDefaults {
    static let source: String? = nil
}

/// compare: the checkpoint's settings.
enum CheckpointLossDefaults: LossDefaults {
    static let source: String? = "the checkpoint's"
}
