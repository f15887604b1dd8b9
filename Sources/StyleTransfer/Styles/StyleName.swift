import Foundation

/// A style's name: its image's file name without the extension (`starry_night.jpg` →
/// `starry_night`), the name `stylize --style` and `--blend` take.
public struct StyleName: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let text: String

    public init(fileName: String) {
        let last = URL(fileURLWithPath: fileName).lastPathComponent
        let stem = (last as NSString).deletingPathExtension
        text = stem.isEmpty ? last : stem
    }

    public var description: String { text }

    /// Throws unless every name is different (two styles of one network cannot share a name).
    public static func requireDistinct(_ names: [String]) throws {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw InvalidSetting(.styleImage, name, "must name each style once (two style images are named \(name))")
        }
    }
}
