import Foundation

/// A failure reading or writing an HDF5 file. The description names the file and the object,
/// e.g. `weights/vgg16.h5: dataset block1_conv1/block1_conv1_W_1:0 not found`.
public struct H5Error: Error, CustomStringConvertible, LocalizedError {
    /// The file system path of the HDF5 file.
    public let file: String
    /// What went wrong, naming the object (group, dataset or attribute) concerned.
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
    public var errorDescription: String? { description }
}
