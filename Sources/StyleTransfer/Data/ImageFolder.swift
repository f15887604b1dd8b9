import Foundation
import Imaging
import Platform

/// Every JPEG and PNG file under a folder, searched recursively, in the order of their paths
/// (so the numbering, and with it a seeded sampling, is the same on every machine). Files are
/// decoded when asked for, one at a time. Symbolic links to folders are not followed (a link
/// loop cannot make the search endless); a file whose name is not valid UTF-8 is listed (shown
/// with `\xNN`) and reported by name when read, since it cannot be opened.
public final class ImageFolder: ImageCollection {
    /// Extensions recognized, compared case-insensitively.
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png"]

    public let path: String
    public let readSettings: ImageReadSettings
    /// The images' paths relative to `path`, sorted (names that are not UTF-8 as shown).
    public let relativePaths: [String]
    /// Indices of images whose names are not valid UTF-8.
    private let unopenable: Set<Int>

    /// Lists the images under `path`. Throws if the folder is missing, cannot be listed or holds
    /// no image.
    public init(path: String, readSettings: ImageReadSettings = .init()) throws {
        guard FileKind.isPresent(path) else { throw DatasetError.folderNotFound(path: path) }
        guard FileKind.of(path) == .directory else { throw DatasetError.notAFolder(path: path) }
        let images = try DirectoryListing.files(under: path)
            .filter { Self.imageExtensions.contains(($0.displayPath as NSString).pathExtension.lowercased()) }
            // Byte order of the paths, not a locale's collation: the same everywhere.
            .sorted { $0.relativeBytes.lexicographicallyPrecedes($1.relativeBytes) }
        guard !images.isEmpty else { throw DatasetError.noImages(path: path) }
        self.path = path
        self.readSettings = readSettings
        relativePaths = images.map(\.displayPath)
        unopenable = Set(images.indices.filter { images[$0].relativePath == nil })
    }

    public var count: Int { relativePaths.count }

    public func name(at index: Int) -> String { relativePaths[index] }

    /// The full path of image `index`.
    public func filePath(at index: Int) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(relativePaths[index]).path
    }

    /// Why image `index` cannot be opened whatever its content (its name is not UTF-8), if so.
    public func unopenable(at index: Int) -> ImageError? {
        unopenable.contains(index) ? .notReadable(path: filePath(at: index), problem: PathText.notUTF8Advice) : nil
    }

    public func image(at index: Int) throws -> Image {
        if let error = unopenable(at: index) { throw error }
        return try Image(contentsOf: filePath(at: index), settings: readSettings)
    }
}
