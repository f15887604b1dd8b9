/// What `ImagePackWriter.pack` did.
public struct PackSummary: Sendable {
    public var output: String
    /// Images written to the pack.
    public var written: Int
    /// Files that could not be decoded and were left out, relative to the folder.
    public var skipped: [String]
    /// Size of the pack file in bytes.
    public var fileSize: Int
}
