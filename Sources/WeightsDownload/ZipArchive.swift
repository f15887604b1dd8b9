import Foundation
import StyleTransfer
import ZIPFoundation

/// The members of a zip archive (a Python wheel is one), read with ZIPFoundation, which checks
/// each member against its CRC-32; errors name the archive.
public struct ZipArchive {
    /// Where the archive came from, for messages.
    public let source: String
    private let archive: Archive

    public init(bytes: [UInt8], source: String) throws {
        self.source = source
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw WeightsError("\(source): not a zip archive (\(error))")
        }
    }

    /// The members' names, in the archive's order.
    public var names: [String] { archive.map(\.path) }

    /// The uncompressed content of member `name`.
    public func extract(_ name: String) throws -> [UInt8] {
        guard let entry = archive[name] else { throw WeightsError("\(source): no member \(name) in the archive") }
        var content: [UInt8] = []
        do {
            _ = try archive.extract(entry) { content += $0 }
        } catch {
            throw WeightsError("\(source): \(name) is corrupt (\(error))")
        }
        return content
    }
}
