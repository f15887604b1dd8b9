import Imaging

/// A numbered set of training images: a folder of files (`ImageFolder`) or an HDF5 pack
/// (`ImagePack`). Indices run over 0..<count in a fixed order, so that a seeded sampler
/// (`TrainingBatches`) picks the same images on every run and every machine.
public protocol ImageCollection: AnyObject {
    /// The number of images.
    var count: Int { get }
    /// A name for image `index` that identifies it to the user (a relative path, or the pack
    /// entry's name).
    func name(at index: Int) -> String
    /// Image `index`, decoded. Throws when it cannot be read (e.g. a corrupt file).
    func image(at index: Int) throws -> Image
}

/// Why a data set cannot be used. Every description names the path and the problem.
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    case folderNotFound(path: String)
    case notAFolder(path: String)
    case noImages(path: String)
    case notAPack(path: String, reason: String)
    case noReadableImage(description: String, count: Int)
    case invalidParameter(String)

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
        case .invalidParameter(let message):
            return message
        }
    }
}
