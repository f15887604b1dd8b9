import H5
import Imaging
import Platform

/// Images stored preprocessed in an HDF5 file, read one at a time (a hyperslab of one row), so
/// a pack far larger than memory can be used for training.
///
/// Layouts accepted:
/// - ours (`faststyle dataset pack`): a uint8 dataset `images` of shape N×3×H×W (RGB planes)
///   and the names either as a string-array attribute `names` (on the file or on `images`) or
///   as a uint8 dataset `names` of shape N×L, each row one UTF-8 name padded with zero bytes;
/// - Johnson's `make_style_dataset.py`: uint8 `train2014/images` and `val2014/images`, N×3×H×W,
///   no names (images are then named `train2014/images[i]`).
public final class ImagePack: ImageCollection {
    public let path: String
    /// The dataset the images are read from, e.g. `images` or `train2014/images`.
    public let datasetName: String
    public let count: Int
    public let height: Int
    public let width: Int
    private let file: H5File
    private let names: [String]?

    /// Opens the pack at `path`. `split` picks a split of Johnson's layout (`train2014`,
    /// `val2014`); without it, `images` is used, else `train2014/images`.
    public init(path: String, split: String? = nil) throws {
        let file: H5File
        do {
            file = try H5File.open(path)
        } catch let error as H5Error {
            throw DatasetError.notAPack(path: path, reason: error.message)
        }
        let candidates = split.map { ["\($0)/images"] } ?? ["images", "train2014/images"]
        guard let name = candidates.first(where: { file.contains($0) }) else {
            let children = try file.children()
            let found = children.isEmpty ? "the file is empty" : "it holds \(children.joined(separator: ", "))"
            throw DatasetError.notAPack(
                path: path, reason: "no dataset \(candidates.joined(separator: " or ")); \(found)")
        }
        guard try file.kind(of: name) == .dataset else {
            throw DatasetError.notAPack(path: path, reason: "\(name) is not a dataset")
        }
        let type = try file.elementType(of: name)
        guard type == .uint8 else {
            throw DatasetError.notAPack(
                path: path, reason: "\(name) holds \(type?.description ?? "an unsupported type"), expected uint8")
        }
        let shape = try file.shape(of: name)
        guard shape.count == 4, shape[1] == 3, shape[0] > 0, shape[2] > 0, shape[3] > 0 else {
            throw DatasetError.notAPack(
                path: path, reason: "\(name) has shape \(shape), expected N×3×H×W with N ≥ 1")
        }
        let side = SettingBounds.imageSide.upperBound
        guard shape[2] <= side, shape[3] <= side else {
            throw DatasetError.notAPack(
                path: path, reason: "\(name) has shape \(shape): images of more than \(side) pixels a side")
        }
        // What training holds for the pack before reading one image: the order of all images
        // (8 bytes each, two epochs' worth) and one image as bytes and as floats.
        try MemoryBudget.require(
            ElementCount.sum([ElementCount.product([shape[0], 16]), ElementCount.product([3, shape[2], shape[3], 5])]),
            for: "\(path): training on \(name) of shape \(shape) (the order of its images and one image)")
        self.file = file
        self.path = path
        self.datasetName = name
        (count, height, width) = (shape[0], shape[2], shape[3])
        names = try Self.readNames(file, dataset: name, count: shape[0], path: path)
    }

    public func name(at index: Int) -> String { names?[index] ?? "\(datasetName)[\(index)]" }

    public func image(at index: Int) throws -> Image {
        precondition((0..<count).contains(index), "image \(index) of a pack of \(count)")
        let row = try file.readUInt8(datasetName, rows: index..<(index + 1))
        return Image(width: width, height: height, pixels: row.values.map(Float.init))
    }

    /// The names stored with the images, nil if there are none; throws if they do not match.
    private static func readNames(_ file: H5File, dataset: String, count: Int, path: String) throws -> [String]? {
        var names: [String]?
        if let owner = [".", dataset].first(where: { file.hasAttribute("names", on: $0) }) {
            names = try file.stringArrayAttribute("names", on: owner)
        } else if file.contains("names"), try file.kind(of: "names") == .dataset {
            let shape = try file.shape(of: "names")
            guard shape.count == 2, try file.elementType(of: "names") == .uint8 else {
                throw DatasetError.notAPack(
                    path: path, reason: "names has shape \(shape), expected a uint8 N×L dataset of zero-padded UTF-8")
            }
            // Checked before the rows are made: a file declaring 3·10¹⁶ empty names (found by fuzzing)
            // would otherwise ask for an array of that many strings.
            guard shape[0] == count else {
                throw DatasetError.notAPack(path: path, reason: "\(shape[0]) names for \(count) images")
            }
            let bytes = try file.read("names", as: UInt8.self, rank: 2).values
            names = (0..<shape[0]).map { row in
                let padded = bytes[(row * shape[1])..<((row + 1) * shape[1])]
                return String(decoding: padded.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        if let names, names.count != count {
            throw DatasetError.notAPack(path: path, reason: "\(names.count) names for \(count) images")
        }
        return names
    }
}
