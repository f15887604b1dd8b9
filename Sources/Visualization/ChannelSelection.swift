import Foundation
import StyleTransfer

/// The channels of a layer a user names: one (`5`), a range (`0-7`) or a comma-separated list of
/// either (`0-3,9,12-13`), checked against the layer's channel count.
public enum ChannelSelection {
    /// The channels `text` names, in the order given, each once.
    /// - Parameter layer: named in the error when a channel is out of range (`relu3_3`).
    public static func parse(_ text: String, channelCount: Int, layer: String? = nil) throws -> [Int] {
        let malformed = InvalidSetting(
            .channels, text, "must be a channel (5), a range (0-7) or a comma-separated list of them (0-3,9)")
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var channels: [Int] = []
        for part in parts {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(bounds.count), let first = bounds.first!, let last = bounds.last!, first >= 0 else {
                throw malformed
            }
            guard first <= last else {
                throw InvalidSetting(.channels, text, "ranges must go up (\(last)-\(first), not \(part))")
            }
            guard last < channelCount else { throw outOfRange(text, channelCount: channelCount, layer: layer) }
            for channel in first...last where !channels.contains(channel) { channels.append(channel) }
        }
        return channels
    }

    /// The error for `value`, which names channels beyond the layer's `channelCount`.
    public static func outOfRange(_ value: Any, channelCount: Int, layer: String?) -> InvalidSetting {
        let owner = layer.map { "\($0) has" } ?? "the layer has"
        return InvalidSetting(
            .channels, value, "must name channels from 0 to \(channelCount - 1) (\(owner) \(channelCount) channels)")
    }
}
