import CHDF5
import Platform

/// The element types a dataset can hold. Reads are strict: a dataset is read only as the type
/// it was written with, never silently converted.
public enum H5ElementType: String, CustomStringConvertible {
    /// float16 is a storage type only: `Float` values are written as it (`write(_:shape:to:storedAs:)`)
    /// and read from it, which widens them exactly.
    case float32, float64, uint8, int64, float16

    public var description: String { rawValue }

    /// The in-memory HDF5 type; also used as the type in the file (little-endian on x86).
    var nativeType: hid_t {
        switch self {
        case .float16: return float16FileType
        case .float32: return h5_native_float()
        case .float64: return h5_native_double()
        case .uint8: return h5_native_uint8()
        case .int64: return h5_native_int64()
        }
    }

    /// The element type of an HDF5 datatype, nil if it is none of the supported ones.
    init?(hdf5Type type: hid_t) {
        let size = H5Tget_size(type)
        switch (H5Tget_class(type), size) {
        case (H5T_FLOAT, 2): self = .float16
        case (H5T_FLOAT, 4): self = .float32
        case (H5T_FLOAT, 8): self = .float64
        case (H5T_INTEGER, 1) where H5Tget_sign(type) == H5T_SGN_NONE: self = .uint8
        case (H5T_INTEGER, 8) where H5Tget_sign(type) == H5T_SGN_2: self = .int64
        default: return nil
        }
    }
}

/// IEEE half precision, little-endian. HDF5 1.10 has no predefined type for it: it is described
/// field by field from float32 (as h5py does), once per process.
private let float16FileType: hid_t = {
    let type = H5Tcopy(h5_native_float())
    H5Tset_fields(type, 15, 10, 5, 0, 10)
    H5Tset_size(type, 2)
    H5Tset_ebias(type, 15)
    return type
}()

/// A Swift type that can be stored as dataset elements.
public protocol H5Element {
    static var h5ElementType: H5ElementType { get }
    /// Zero.
    init()
}

extension Float: H5Element { public static var h5ElementType: H5ElementType { .float32 } }
extension Double: H5Element { public static var h5ElementType: H5ElementType { .float64 } }
extension UInt8: H5Element { public static var h5ElementType: H5ElementType { .uint8 } }
extension Int64: H5Element { public static var h5ElementType: H5ElementType { .int64 } }

/// An n-dimensional array read from a dataset: values in C (row-major) order. An empty shape
/// is a scalar (one value).
public struct H5Array<Element: H5Element> {
    public var shape: [Int]
    public var values: [Element]

    public init(shape: [Int], values: [Element]) {
        self.shape = shape
        self.values = values
    }
}

extension H5Location {
    /// Writes a new dataset `name` (intermediate groups are created) holding `values` in C
    /// order with the given shape; `[]` writes a scalar.
    public func write<T: H5Element>(_ values: [T], shape: [Int], to name: String) throws {
        try writeDataset(values, shape: shape, to: name, storedAs: T.h5ElementType)
    }

    /// Writes `values` stored as float16 when `storage` is `.float16` (rounded to the nearest
    /// half, which must be finite), as float32 otherwise.
    public func write(_ values: [Float], shape: [Int], to name: String, storedAs storage: H5ElementType) throws {
        guard storage == .float16 else { return try write(values, shape: shape, to: name) }
        let halves = values.map { Float(Float16($0)) }
        if let index = halves.firstIndex(where: { !$0.isFinite }), values[index].isFinite {
            throw error("dataset \(display(absolutePath(name))): \(values[index]) is beyond float16's range (±65504)")
        }
        try writeDataset(halves, shape: shape, to: name, storedAs: storage)
    }

    private func writeDataset<T: H5Element>(
        _ values: [T], shape: [Int], to name: String, storedAs storage: H5ElementType
    ) throws {
        let path = absolutePath(name)
        guard let expected = ElementCount.product(shape), values.count == expected else {
            throw error("dataset \(display(path)): \(values.count) values do not fill shape \(shape)")
        }
        try createDataset(name, of: T.self, shape: shape, storedAs: storage)
        try withDataset(path, of: T.self) { id, _ in
            try transfer(values.count, of: display(path), write: true) {
                values.withUnsafeBytes {
                    H5Dwrite(id, T.h5ElementType.nativeType, h5s_all(), h5s_all(), h5p_default(), $0.baseAddress)
                }
            }
        }
    }

    /// Creates an empty (zero-filled) dataset, to be filled a block of rows at a time with
    /// `write(_:rowsStartingAt:of:)`. With `chunkRows` the data is stored in chunks of that
    /// many rows, compressed with gzip when `compressionLevel` (1…9) is given.
    public func createDataset<T: H5Element>(
        _ name: String, of type: T.Type, shape: [Int], chunkRows: Int? = nil, compressionLevel: Int? = nil
    ) throws {
        try createDataset(
            name, of: type, shape: shape, chunkRows: chunkRows, compressionLevel: compressionLevel,
            storedAs: T.h5ElementType)
    }

    private func createDataset<T: H5Element>(
        _ name: String, of type: T.Type, shape: [Int], chunkRows: Int? = nil, compressionLevel: Int? = nil,
        storedAs storage: H5ElementType
    ) throws {
        let path = absolutePath(name)
        try file.requireWritable("dataset \(display(path))")
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw error("dataset \(display(path)): negative dimension in \(shape)")
        }
        guard !exists(path) else { throw error("dataset \(display(path)) already exists") }
        let space = makeDataspace(shape)
        defer { H5Sclose(space) }
        let linkProperties = H5Pcreate(h5p_link_create())
        defer { H5Pclose(linkProperties) }
        H5Pset_create_intermediate_group(linkProperties, 1)
        let creationProperties = H5Pcreate(h5p_dataset_create())
        defer { H5Pclose(creationProperties) }
        if let chunkRows {
            guard !shape.isEmpty, chunkRows > 0 else {
                throw error("dataset \(display(path)): chunking needs rank ≥ 1 and chunkRows > 0")
            }
            let chunk = ([min(chunkRows, max(shape[0], 1))] + shape.dropFirst().map { max($0, 1) }).map { hsize_t($0) }
            H5Pset_chunk(creationProperties, Int32(chunk.count), chunk)
            if let compressionLevel { H5Pset_deflate(creationProperties, UInt32(compressionLevel)) }
        }
        let id = H5Dcreate2(file.id, path, storage.nativeType, space, linkProperties, creationProperties, h5p_default())
        guard id >= 0 else { throw error("cannot create dataset \(display(path))") }
        H5Dclose(id)
    }

    /// Writes whole rows (slices along the first dimension) of an existing dataset, starting
    /// at row `start`; `values.count` must be a multiple of the row size.
    public func write<T: H5Element>(_ values: [T], rowsStartingAt start: Int, of name: String) throws {
        let path = absolutePath(name)
        try file.requireWritable("dataset \(display(path))")
        try withDataset(path, of: T.self) { id, shape in
            let rows = try rowCount(values.count, shape: shape, path: path)
            try withRowSelection(id, shape: shape, rows: start..<(start + rows), path: path) { memory, selection in
                try transfer(values.count, of: display(path), write: true) {
                    values.withUnsafeBytes {
                        H5Dwrite(id, T.h5ElementType.nativeType, memory, selection, h5p_default(), $0.baseAddress)
                    }
                }
            }
        }
    }

    /// Reads the whole dataset `name`, which must hold elements of type `T` (and have rank
    /// `rank` when given).
    public func read<T: H5Element>(_ name: String, as type: T.Type, rank: Int? = nil) throws -> H5Array<T> {
        let path = absolutePath(name)
        return try withDataset(path, of: T.self, reading: { $0.first.map { 0..<$0 } ?? 0..<1 }) { id, shape in
            if let rank, shape.count != rank {
                throw error("dataset \(display(path)) has rank \(shape.count) (shape \(shape)), expected rank \(rank)")
            }
            let count = try elementCount(shape, of: path, as: T.self)
            if T.self == Float.self, storedType(id) == .float16 {
                // T is Float here; `as! [T]` would cast element by element (30 ms for the built-in network).
                return H5Array(shape: shape, values: unsafeBitCast(try readHalves(id, count: count, path: path), to: [T].self))
            }
            var values = [T](repeating: T(), count: count)
            try transfer(values.count, of: display(path), write: false) {
                values.withUnsafeMutableBytes {
                    H5Dread(id, T.h5ElementType.nativeType, h5s_all(), h5s_all(), h5p_default(), $0.baseAddress)
                }
            }
            return H5Array(shape: shape, values: values)
        }
    }

    /// The element type stored in the open dataset `id`.
    private func storedType(_ id: hid_t) -> H5ElementType? {
        let type = H5Dget_type(id)
        defer { H5Tclose(type) }
        return H5ElementType(hdf5Type: type)
    }

    /// A float16 dataset as float32: read as the stored halves and widened here, which is exact.
    /// libhdf5's own conversion goes bit field by bit field and took about half of a small
    /// stylize's run time for the built-in network's 1.7 million half-precision weights.
    private func readHalves(_ id: hid_t, count: Int, path: String) throws -> [Float] {
        var halves = [UInt16](repeating: 0, count: count)
        try transfer(count, of: display(path), write: false) {
            halves.withUnsafeMutableBytes {
                H5Dread(id, float16FileType, h5s_all(), h5s_all(), h5p_default(), $0.baseAddress)
            }
        }
        return halves.map { Float(Float16(bitPattern: $0)) }
    }

    /// Reads rows `rows` (a range along the first dimension) of the dataset `name`: e.g. one
    /// image of an N×3×H×W pack. The result's first dimension is `rows.count`.
    public func read<T: H5Element>(_ name: String, as type: T.Type, rows: Range<Int>) throws -> H5Array<T> {
        let path = absolutePath(name)
        return try withDataset(path, of: T.self, reading: { _ in rows }) { id, shape in
            var values = [T](
                repeating: T(), count: try elementCount([rows.count] + shape.dropFirst(), of: path, as: T.self))
            try withRowSelection(id, shape: shape, rows: rows, path: path) { memory, selection in
                try transfer(values.count, of: display(path), write: false) {
                    values.withUnsafeMutableBytes {
                        H5Dread(id, T.h5ElementType.nativeType, memory, selection, h5p_default(), $0.baseAddress)
                    }
                }
            }
            return H5Array(shape: [rows.count] + shape.dropFirst(), values: values)
        }
    }

    /// Reads rows of a uint8 dataset, e.g. one image of an N×3×H×W pack.
    public func readUInt8(_ name: String, rows: Range<Int>) throws -> H5Array<UInt8> {
        try read(name, as: UInt8.self, rows: rows)
    }

    /// The shape of the dataset `name` (`[]` for a scalar).
    public func shape(of name: String) throws -> [Int] {
        let path = absolutePath(name)
        return try withObject(path, expecting: .dataset) { id in try datasetShape(id, path: path) }
    }

    /// The element type of the dataset `name`, nil if it is not one of `H5ElementType`.
    public func elementType(of name: String) throws -> H5ElementType? {
        try withObject(absolutePath(name), expecting: .dataset) { id in
            let type = H5Dget_type(id)
            defer { H5Tclose(type) }
            return H5ElementType(hdf5Type: type)
        }
    }

    // MARK: Helpers

    /// Opens a dataset, checks that it holds `T` and that its storage is sound (for a read, the
    /// chunks of the rows `reading` gives for its shape), and passes its identifier and shape.
    private func withDataset<T: H5Element, R>(
        _ path: String, of: T.Type, reading rows: (([Int]) -> Range<Int>)? = nil, _ body: (hid_t, [Int]) throws -> R
    ) throws -> R {
        try withObject(path, expecting: .dataset) { id in
            let type = H5Dget_type(id)
            defer { H5Tclose(type) }
            // float16 widens to float32 exactly; every other stored type must be the one asked for.
            let stored = H5ElementType(hdf5Type: type)
            guard stored == T.h5ElementType || (stored == .float16 && T.h5ElementType == .float32) else {
                throw error("dataset \(display(path)) holds \(describeType(type)), expected \(T.h5ElementType)")
            }
            let shape = try datasetShape(id, path: path)
            let reading = rows?(shape)
            // A read larger than memory is said first, before its chunks are looked up.
            if let reading { _ = try elementCount([reading.count] + shape.dropFirst(), of: path, as: T.self) }
            try requireSoundStorage(id, shape: shape, reading: reading, path: path)
            return try body(id, shape)
        }
    }

    /// Throws unless the dataset's storage can hold what its shape says, as libhdf5 1.10.8 trusts
    /// without checking (each found by fuzzing packs, each a segmentation fault or worse):
    /// - a chunked dataset's chunks must fit within its dimensions (chunks of 9,224 columns in
    ///   images of 8 made libhdf5 copy a whole chunk past the end of the caller's buffer, and did
    ///   again when the file also declared the dimension extendible). HDF5 allows chunks larger
    ///   than an extendible dataset's current size, but no file faststyle reads has them: packs
    ///   hold one image per chunk, checkpoints and VGG weights are not chunked;
    /// - a compact dataset (data inside its header) must hold all its elements (one of 20 bytes
    ///   holding none made it copy from address 0), and a contiguous one, once written, too;
    /// - for a read, each chunk of the rows it reads (`requireWholeChunks`): only those, since
    ///   walking the whole chunk index on every read of a pack of 80,000 images, one chunk each,
    ///   read image by image, would cost more than the reading.
    private func requireSoundStorage(_ id: hid_t, shape: [Int], reading rows: Range<Int>?, path: String) throws {
        let plist = H5Dget_create_plist(id)
        guard plist >= 0 else { throw error("cannot read the creation properties of dataset \(display(path))") }
        defer { H5Pclose(plist) }
        let layout = H5Pget_layout(plist)
        if layout == H5D_COMPACT || layout == H5D_CONTIGUOUS {
            let type = H5Dget_type(id)
            defer { H5Tclose(type) }
            let needed = (ElementCount.product(shape) ?? Int.max).multipliedReportingOverflow(by: H5Tget_size(type))
            let stored = H5Dget_storage_size(id)
            let allocated = stored > 0 || layout == H5D_COMPACT
            if allocated, needed.overflow || UInt64(stored) < UInt64(needed.partialValue) {
                throw error(
                    "damaged HDF5 file: dataset \(display(path)) of shape \(shape) stores \(stored) bytes of its "
                        + (needed.overflow ? "more than 2⁶³" : "\(needed.partialValue)"))
            }
            return
        }
        guard layout == H5D_CHUNKED else { return }
        var chunk = [hsize_t](repeating: 0, count: 32)
        let rank = Int(H5Pget_chunk(plist, Int32(chunk.count), &chunk))
        let space = H5Dget_space(id)
        guard space >= 0 else { throw error("cannot read the dataspace of dataset \(display(path))") }
        defer { H5Sclose(space) }
        var dims = [hsize_t](repeating: 0, count: max(rank, 1))
        guard rank == shape.count, rank > 0, H5Sget_simple_extent_dims(space, &dims, nil) == Int32(rank) else {
            throw error(
                "damaged HDF5 file: dataset \(display(path)) has chunks of rank \(rank) for a shape of rank "
                    + "\(shape.count)")
        }
        for axis in 0..<rank where chunk[axis] == 0 || (dims[axis] > 0 && chunk[axis] > dims[axis]) {
            throw error(
                "damaged HDF5 file: dataset \(display(path)) of shape \(shape) is stored in chunks of "
                    + chunk.prefix(rank).map { String($0) }.joined(separator: "×")
                    + ", larger than the dataset along axis \(axis)")
        }
        if let rows {
            try requireWholeChunks(
                id, plist: plist, shape: shape, chunk: chunk.prefix(rank).map { Int($0) }, rows: rows, path: path)
        }
    }

    /// Throws if a chunk that `rows` touch is marked as stored without one of its filters yet
    /// stores fewer bytes than the chunk holds. HDF5 marks a chunk that deflate could not shrink
    /// as stored unfiltered (its filter mask), which is legitimate, and libhdf5 1.10.8 then copies
    /// the chunk's full size out of however many bytes are stored: one changed mask bit on a
    /// 31-byte compressed chunk made it copy 192 (a heap over-read; without a sanitizer, training
    /// on stray memory). The filters a file can use besides deflate (shuffle, checksums) never
    /// make a chunk smaller. One lookup per chunk: packs hold one image per chunk.
    private func requireWholeChunks(
        _ id: hid_t, plist: hid_t, shape: [Int], chunk sides: [Int], rows: Range<Int>, path: String
    ) throws {
        guard !rows.isEmpty else { return }
        // Without filters every chunk is stored raw: the same check (a pack whose filter
        // pipeline was lost kept its 31-byte deflated chunks; libhdf5 read 192 bytes out of them).
        let unfiltered = H5Pget_nfilters(plist) <= 0
        let type = H5Dget_type(id)
        let elementSize = H5Tget_size(type)
        H5Tclose(type)
        let chunkBytes = (ElementCount.product(sides) ?? Int.max).multipliedReportingOverflow(by: elementSize)
        // Chunks along each axis that the rows touch: a range of them along the first, all along the others.
        let grid =
            [(rows.lowerBound / sides[0])..<((rows.upperBound - 1) / sides[0] + 1)]
            + zip(shape.dropFirst(), sides.dropFirst()).map { side, chunkSide in 0..<((side + chunkSide - 1) / chunkSide) }
        guard let chunkCount = ElementCount.product(grid.map(\.count)), chunkCount <= 1 << 16 else {
            throw error(
                "dataset \(display(path)) of shape \(shape) is stored in chunks of "
                    + sides.map { String($0) }.joined(separator: "×") + ": too many chunks to read at once")
        }
        let inflateCheck = deflatePipeline(plist)
        var fileSize: hsize_t = 0
        guard H5Fget_filesize(file.id, &fileSize) >= 0 else { throw error("cannot read the size of \(file.path)") }
        var index = grid.map(\.lowerBound)
        for _ in 0..<chunkCount {
            var offset = zip(index, sides).map { hsize_t($0 * $1) }
            var mask: UInt32 = 0
            var address: haddr_t = 0
            var stored: hsize_t = 0
            guard H5Dget_chunk_info_by_coord(id, &offset, &mask, &address, &stored) >= 0 else {
                throw error("damaged HDF5 file: cannot locate the chunk at \(offset) of dataset \(display(path))")
            }
            // A chunk lies within the file, after its superblock: one at address 0 holding 100 MB
            // (its index damaged) made libhdf5 copy 192 bytes out of an 8-byte buffer (the pack
            // fuzzer, stop 42).
            if address != haddr_t.max, address == 0 || stored > fileSize || address > fileSize - stored {
                throw error(
                    "damaged HDF5 file: dataset \(display(path))'s chunk at \(offset) is stored at byte \(address) in "
                        + "\(stored) bytes, outside the file's \(fileSize)")
            }
            if address != haddr_t.max, unfiltered || mask != 0,
                chunkBytes.overflow || stored < UInt64(chunkBytes.partialValue)
            {
                throw error(
                    "damaged HDF5 file: dataset \(display(path))'s chunk at \(offset) is "
                        + (unfiltered ? "stored without filters" : "marked as stored without its filters")
                        + ", in \(stored) "
                        + "bytes of its \(chunkBytes.overflow ? "more than 2⁶³" : "\(chunkBytes.partialValue)")")
            }
            if address != haddr_t.max, !unfiltered, mask == 0, let inflate = inflateCheck,
                !chunkBytes.overflow,
                let inflated = inflatedSize(id, offset: &offset, stored: stored, checksum: inflate, limit: chunkBytes.partialValue)
            {
                guard inflated == chunkBytes.partialValue else {
                    throw error(
                        "damaged HDF5 file: dataset \(display(path))'s chunk at \(offset) inflates to "
                            + (inflated > chunkBytes.partialValue ? "more than" : "\(inflated) bytes of")
                            + " its \(chunkBytes.partialValue)")
                }
            }
            // The next chunk, the last axis fastest.
            for axis in grid.indices.reversed() {
                index[axis] += 1
                if index[axis] < grid[axis].upperBound { break }
                index[axis] = grid[axis].lowerBound
            }
        }
    }

    /// For a filter pipeline of deflate with shuffle and Fletcher-32 (what faststyle and h5py
    /// write), whether a checksum ends each stored chunk; nil for other pipelines, whose chunks
    /// are not checked. libhdf5 1.10.8 copies a chunk's full size out of whatever its
    /// deflate stream inflates to: 31 bytes that inflate to 192, in a chunk of 221,376, were read
    /// 221,184 bytes past the buffer (the pack fuzzer, stop 42).
    private func deflatePipeline(_ plist: hid_t) -> Bool? {
        var filters: [Int32] = []
        for index in 0..<max(H5Pget_nfilters(plist), 0) {
            var flags: UInt32 = 0
            var values = 0
            var config: UInt32 = 0
            filters.append(H5Pget_filter2(plist, UInt32(index), &flags, &values, nil, 0, nil, &config))
        }
        let (shuffle, deflate, fletcher) = (Int32(H5Z_FILTER_SHUFFLE), Int32(H5Z_FILTER_DEFLATE), Int32(H5Z_FILTER_FLETCHER32))
        guard filters.contains(deflate), filters.allSatisfy({ [shuffle, deflate, fletcher].contains($0) }),
            filters.last == fletcher || !filters.contains(fletcher)
        else { return nil }
        return filters.last == fletcher
    }

    /// The size the chunk at `offset` inflates to (its checksum left out; counted up to `limit` + 1),
    /// nil when its stream does not inflate to its end (libhdf5 then fails to read it).
    private func inflatedSize(_ id: hid_t, offset: inout [hsize_t], stored: hsize_t, checksum: Bool, limit: Int) -> Int? {
        var raw = [UInt8](repeating: 0, count: Int(stored))
        var mask: UInt32 = 0
        guard H5Dread_chunk(id, h5p_default(), &offset, &mask, &raw) >= 0 else { return nil }
        let size = raw.count - (checksum ? 4 : 0)
        guard size > 0 else { return nil }
        let inflated = raw.withUnsafeBytes { h5_inflated_size($0.baseAddress, size, limit) }
        return inflated < 0 ? nil : Int(inflated)
    }

    private func datasetShape(_ id: hid_t, path: String) throws -> [Int] {
        let space = H5Dget_space(id)
        guard space >= 0 else { throw error("cannot read the dataspace of dataset \(display(path))") }
        defer { H5Sclose(space) }
        guard let shape = dataspaceShape(space) else {
            throw error(
                "dataset \(display(path)) declares a shape that cannot be read (more than 2⁶³ along a dimension?)")
        }
        // HDF5 never writes a dimension beyond its maximum, and libhdf5 1.10.8 does not check it
        // when reading: images of 11,520×8 pixels with a maximum of 8×8 (the pack fuzzer) made it
        // fill 1,440 missing chunks per image, 41 s under AddressSanitizer.
        var maximum = [hsize_t](repeating: 0, count: shape.count)
        if !shape.isEmpty, H5Sget_simple_extent_dims(space, nil, &maximum) == Int32(shape.count),
            let axis = shape.indices.first(where: { maximum[$0] != hsize_t.max && UInt64(shape[$0]) > maximum[$0] })
        {
            throw error(
                "damaged HDF5 file: dataset \(display(path)) of shape \(shape) exceeds its maximum shape "
                    + maximum.map { $0 == hsize_t.max ? "unlimited" : String($0) }.joined(separator: "×")
                    + " along axis \(axis)")
        }
        return shape
    }

    /// The values of `shape` (read from the file, so possibly absurd: 2³¹ × 2³¹), checked for
    /// overflow and against the memory available before anything is allocated.
    private func elementCount<T: H5Element>(_ shape: [Int], of path: String, as: T.Type) throws -> Int {
        try MemoryBudget.require(
            elements: shape, elementSize: MemoryLayout<T>.stride,
            for: "\(file.path): reading dataset \(display(path)) of shape \(shape)")
        return ElementCount.product(shape)!
    }

    private func rowCount(_ count: Int, shape: [Int], path: String) throws -> Int {
        guard !shape.isEmpty, let rowSize = ElementCount.product(Array(shape.dropFirst())), rowSize > 0,
            count % rowSize == 0
        else {
            throw error("dataset \(display(path)) of shape \(shape): \(count) values are not whole rows")
        }
        return count / rowSize
    }

    /// Selects `rows` along the first dimension of the dataset and a matching memory space.
    private func withRowSelection(
        _ id: hid_t, shape: [Int], rows: Range<Int>, path: String,
        _ body: (_ memory: hid_t, _ selection: hid_t) throws -> Void
    ) throws {
        guard let first = shape.first else { throw error("dataset \(display(path)) is a scalar, it has no rows") }
        guard rows.lowerBound >= 0, rows.upperBound <= first else {
            throw error("dataset \(display(path)): rows \(rows) out of range 0..<\(first)")
        }
        let selection = H5Dget_space(id)
        defer { H5Sclose(selection) }
        let start = [hsize_t(rows.lowerBound)] + shape.dropFirst().map { _ in hsize_t(0) }
        let count = [hsize_t(rows.count)] + shape.dropFirst().map { hsize_t($0) }
        guard H5Sselect_hyperslab(selection, H5S_SELECT_SET, start, nil, count, nil) >= 0 else {
            throw error("dataset \(display(path)): cannot select rows \(rows)")
        }
        let memory = H5Screate_simple(Int32(count.count), count, nil)
        defer { H5Sclose(memory) }
        try body(memory, selection)
    }

    /// Runs one H5Dread/H5Dwrite (skipped for zero elements) and turns failure into an error.
    private func transfer(_ count: Int, of name: String, write: Bool, _ call: () -> herr_t) throws {
        guard count > 0 else { return }
        guard call() >= 0 else { throw error("cannot \(write ? "write" : "read") dataset \(name)") }
    }
}

/// A dataspace for `shape`; `[]` is a scalar.
func makeDataspace(_ shape: [Int]) -> hid_t {
    if shape.isEmpty { return H5Screate(H5S_SCALAR) }
    let dims = shape.map { hsize_t($0) }
    return H5Screate_simple(Int32(dims.count), dims, nil)
}

/// The shape of a dataspace: `[]` for a scalar (or null) dataspace; nil if it cannot be read
/// or a dimension does not fit in an `Int`.
func dataspaceShape(_ space: hid_t) -> [Int]? {
    let rank = Int(H5Sget_simple_extent_ndims(space))
    guard rank >= 0 else { return nil }
    guard rank > 0 else { return [] }
    var dims = [hsize_t](repeating: 0, count: rank)
    guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { return nil }
    let shape = dims.compactMap { Int(exactly: $0) }
    return shape.count == rank ? shape : nil
}

/// A short description of an HDF5 datatype for messages, e.g. "16-bit signed integer".
func describeType(_ type: hid_t) -> String {
    let bits = H5Tget_size(type) * 8
    switch H5Tget_class(type) {
    case H5T_FLOAT: return "\(bits)-bit float"
    case H5T_INTEGER: return "\(bits)-bit \(H5Tget_sign(type) == H5T_SGN_NONE ? "unsigned" : "signed") integer"
    case H5T_STRING: return "strings"
    case H5T_COMPOUND: return "compound values"
    default: return "an unsupported HDF5 type"
    }
}
