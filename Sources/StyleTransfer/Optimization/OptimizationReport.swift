import Foundation
import Platform

/// The JSON written beside an optimized image: what was asked, how long it took, and the loss
/// after every iteration.
public struct OptimizationReport: Codable {
    public var command: [String]
    public var settings: OptimizationSettings
    public var width: Int
    public var height: Int
    public var seconds: Double
    public var history: [LossTerms]

    /// The JSON keys, as reports have always been written ("options" for the settings).
    private enum CodingKeys: String, CodingKey {
        case command, settings = "options", width, height, seconds, history
    }

    public init(
        settings: OptimizationSettings, command: [String], width: Int, height: Int, seconds: Double,
        history: [LossTerms]
    ) {
        self.command = command
        self.settings = settings
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
