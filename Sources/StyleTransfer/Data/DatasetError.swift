import Foundation

/// Why a data set cannot be used. Every description names the path and the problem.
public enum DatasetError: LocalizedError, CustomStringConvertible, Equatable {
    case folderNotFound(path: String)
    case notAFolder(path: String)
    case noImages(path: String)
    case notAPack(path: String, reason: String)
    case noReadableImage(description: String, count: Int)

    public var description: String {
        switch self {
        case .folderNotFound(let path):
            return "\(path): no such folder"
        case .notAFolder(let path):
            return "\(path): is a file, not a folder of images"
        case .noImages(let path):
            return "\(path): the folder holds no image (.jpg, .jpeg or .png, searched recursively)"
        case .notAPack(let path, let reason):
            return "\(path): not an image pack (\(reason)); a pack holds a uint8 dataset `images` of shape N×3×H×W "
                + "(or Johnson's train2014/images, val2014/images), as written by `faststyle dataset pack`"
        case .noReadableImage(let description, let count):
            return "\(description): none of the \(count) images can be read"
        }
    }

    public var errorDescription: String? { description }
}
