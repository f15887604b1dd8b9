import Foundation
import Platform

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

    /// OUT.json for OUT.png.
    public static func path(besides imagePath: String) -> String {
        URL(fileURLWithPath: imagePath).deletingPathExtension().appendingPathExtension("json").path
    }

    /// Writes OUT.json next to OUT.png (same name, .json extension), atomically.
    public func write(besides imagePath: String) throws {
        let url = URL(fileURLWithPath: Self.path(besides: imagePath))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: url.path)
    }
}
