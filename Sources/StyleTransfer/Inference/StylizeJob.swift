import Imaging

/// One image to stylize: where it is read, where the result goes, and its name in messages.
public struct StylizeJob: Equatable, Sendable {
    public let input: String
    public let output: String
    public let name: String
    /// Why the input cannot be opened, known when the jobs are made (a name that is not UTF-8).
    public let unopenable: ImageError?

    public init(input: String, output: String, name: String, unopenable: ImageError? = nil) {
        self.input = input
        self.output = output
        self.name = name
        self.unopenable = unopenable
    }
}
