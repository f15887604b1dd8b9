/// One image to stylize: where it is read, where the result goes, and its name in messages.
public struct StylizeJob: Equatable, Sendable {
    public let input: String
    public let output: String
    public let name: String

    public init(input: String, output: String, name: String) {
        self.input = input
        self.output = output
        self.name = name
    }
}
