import Foundation

/// The JSON written beside an optimized image: what was asked, how long it took, and the loss
/// after every iteration.
public struct OptimizationReport: Codable {
    public var command: [String]
    public var options: OptimizationSettings
    public var width: Int
    public var height: Int
    public var seconds: Double
    public var history: [LossTerms]

    public init(options: OptimizationSettings, command: [String], width: Int, height: Int, seconds: Double, history: [LossTerms]) {
        self.command = command
        self.options = options
        self.width = width
        self.height = height
        self.seconds = seconds
        self.history = history
    }

    /// Writes OUT.json next to OUT.png (same name, .json extension).
    public func write(besides imagePath: String) throws {
        let url = URL(fileURLWithPath: imagePath).deletingPathExtension().appendingPathExtension("json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
