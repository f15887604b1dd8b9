import Foundation
import Imaging

/// Every JPEG and PNG file under a folder, searched recursively, in the order of their paths
/// (so the numbering, and with it a seeded sampling, is the same on every machine). Files are
/// decoded when asked for, one at a time.
public final class ImageFolder: ImageCollection {
    /// Extensions recognized, compared case-insensitively.
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png"]

    public let path: String
    public let options: ImageReadOptions
    /// The images' paths relative to `path`, sorted.
    public let relativePaths: [String]

    /// Lists the images under `path`. Throws if the folder is missing or holds no image.
    public init(path: String, options: ImageReadOptions = .init()) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError.folderNotFound(path: path)
        }
        guard isDirectory.boolValue else { throw DatasetError.notAFolder(path: path) }
        let files = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
        let images = files.filter { Self.imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
        guard !images.isEmpty else { throw DatasetError.noImages(path: path) }
        self.path = path
        self.options = options
        // Byte order of the UTF-8 paths, not a locale's collation: the same everywhere.
        self.relativePaths = images.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public var count: Int { relativePaths.count }

    public func name(at index: Int) -> String { relativePaths[index] }

    /// The full path of image `index`.
    public func filePath(at index: Int) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(relativePaths[index]).path
    }

    public func image(at index: Int) throws -> Image {
        try Image(contentsOf: filePath(at: index), options: options)
    }
}
