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
