import CHDF5
import Foundation
import Platform

/// How strings are stored in an attribute.
public enum H5StringStorage {
    /// One fixed size (the longest string's UTF-8 length) for all, NUL-padded; what Keras's
    /// `layer_names` and `weight_names` use.
    case fixedLength
    /// Variable-length UTF-8 strings.
    case variableLength
}

extension H5Location {
    // MARK: Writing
    // Each setter replaces an existing attribute of the same name. `object` names the group or
    // dataset the attribute is attached to, relative to this location ("." = this location).

    public func setAttribute(
        _ name: String, _ value: String, storage: H5StringStorage = .fixedLength, on object: String = "."
    ) throws {
        try writeStrings(name, [value], scalar: true, storage: storage, on: object)
    }

    public func setAttribute(
        _ name: String, _ values: [String], storage: H5StringStorage = .fixedLength, on object: String = "."
    ) throws {
        try writeStrings(name, values, scalar: false, storage: storage, on: object)
    }

    public func setAttribute(_ name: String, _ value: Int64, on object: String = ".") throws {
        try writeNumbers(name, [value], scalar: true, on: object)
    }

    public func setAttribute(_ name: String, _ value: Double, on object: String = ".") throws {
        try writeNumbers(name, [value], scalar: true, on: object)
    }

    public func setAttribute(_ name: String, _ values: [Int64], on object: String = ".") throws {
        try writeNumbers(name, values, scalar: false, on: object)
    }

    public func setAttribute(_ name: String, _ values: [Double], on object: String = ".") throws {
        try writeNumbers(name, values, scalar: false, on: object)
    }

    // MARK: Reading

    public func hasAttribute(_ name: String, on object: String = ".") -> Bool {
        let path = absolutePath(object)
        return exists(path) && H5Aexists_by_name(file.id, path, name, linkAccess) > 0
    }

    /// Names of the attributes of `object`, sorted.
    public func attributeNames(on object: String = ".") throws -> [String] {
        let path = absolutePath(object)
        return try withAnyObject(path, noun: "object") { id in
            var info = H5O_info_t()
            guard H5Oget_info2(id, &info, UInt32(H5O_INFO_NUM_ATTRS)) >= 0 else {
                throw error("cannot list attributes of \(display(path))")
            }
            return (0..<info.num_attrs).map { index in
                let length = H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, h5p_default())
                var buffer = [CChar](repeating: 0, count: max(Int(length), 0) + 1)
                H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, h5p_default())
                return String(cString: buffer)
            }
        }
    }

    /// A string attribute holding exactly one string (scalar or an array of one).
    public func stringAttribute(_ name: String, on object: String = ".") throws -> String {
        try single(stringArrayAttribute(name, on: object), name, object)
    }

    /// A string attribute: fixed-length (NUL- or space-padded) or variable-length, scalar or
    /// array. An empty attribute of any type (Keras stores an empty float64 array as the
    /// `weight_names` of weightless layers) reads as `[]`.
    public func stringArrayAttribute(_ name: String, on object: String = ".") throws -> [String] {
        try withAttribute(name, on: object) { attribute, type, space, count in
            guard count > 0 else { return [] }
            guard H5Tget_class(type) == H5T_STRING else {
                throw error(
                    "attribute \(name) of \(display(absolutePath(object))) holds \(describeType(type)), expected "
                        + "strings"
                )
            }
            return H5Tis_variable_str(type) > 0
                ? try readVariableLengthStrings(
                    attribute, type: type, space: space, count: count, name: name, object: object)
                : try readFixedLengthStrings(attribute, type: type, count: count, name: name, object: object)
        }
    }

    /// An integer attribute holding one value (any integer type in the file).
    public func int64Attribute(_ name: String, on object: String = ".") throws -> Int64 {
        try single(int64ArrayAttribute(name, on: object), name, object)
    }

    /// A floating-point attribute holding one value (float32 or float64 in the file).
    public func doubleAttribute(_ name: String, on object: String = ".") throws -> Double {
        try single(doubleArrayAttribute(name, on: object), name, object)
    }

    public func int64ArrayAttribute(_ name: String, on object: String = ".") throws -> [Int64] {
        try readNumbers(name, on: object, typeClass: H5T_INTEGER)
    }

    public func doubleArrayAttribute(_ name: String, on object: String = ".") throws -> [Double] {
        try readNumbers(name, on: object, typeClass: H5T_FLOAT)
    }

    // MARK: Helpers

    private func single<T>(_ values: [T], _ name: String, _ object: String) throws -> T {
        guard values.count == 1, let value = values.first else {
            throw error(
                "attribute \(name) of \(display(absolutePath(object))) has \(values.count) values, expected one")
        }
        return value
    }

    /// Opens an attribute and passes its identifier, file type, dataspace and element count.
    private func withAttribute<R>(
        _ name: String, on object: String,
        _ body: (hid_t, hid_t, hid_t, Int) throws -> R
    ) throws -> R {
        let path = absolutePath(object)
        try file.requireOpen()
        guard hasAttribute(name, on: object) else {
            throw error("attribute \(name) of \(display(path)) not found")
        }
        let attribute = H5Aopen_by_name(file.id, path, name, h5p_default(), linkAccess)
        guard attribute >= 0 else { throw error("cannot open attribute \(name) of \(display(path))") }
        defer { H5Aclose(attribute) }
        let type = H5Aget_type(attribute)
        defer { H5Tclose(type) }
        let space = H5Aget_space(attribute)
        defer { H5Sclose(space) }
        let count = Int(H5Sget_simple_extent_npoints(space))
        guard count >= 0 else { throw error("cannot read the size of attribute \(name) of \(display(path))") }
        // The memory any read of it needs (strings: at least their pointers), before any is taken.
        try MemoryBudget.require(
            elements: [count, max(H5Tget_size(type), 8)], elementSize: 1,
            for: "\(file.path): reading attribute \(name) of \(display(path)) (\(count) values)")
        return try body(attribute, type, space, count)
    }

    private func readNumbers<T: H5Element>(_ name: String, on object: String, typeClass: H5T_class_t) throws -> [T] {
        try withAttribute(name, on: object) { attribute, type, _, count in
            guard count > 0 else { return [] }
            guard H5Tget_class(type) == typeClass else {
                throw error(
                    "attribute \(name) of \(display(absolutePath(object))) holds \(describeType(type)), expected "
                        + "\(typeClass == H5T_FLOAT ? "floats" : "integers")"
                )
            }
            var values = [T](repeating: T(), count: count)
            let status = values.withUnsafeMutableBytes {
                H5Aread(attribute, T.h5ElementType.nativeType, $0.baseAddress)
            }
            guard status >= 0 else { throw error("cannot read attribute \(name) of \(display(absolutePath(object)))") }
            return values
        }
    }

    private func readFixedLengthStrings(_ attribute: hid_t, type: hid_t, count: Int, name: String, object: String)
        throws -> [String]
    {
        let size = H5Tget_size(type)
        var bytes = [UInt8](repeating: 0, count: size * count)
        let status = bytes.withUnsafeMutableBytes { H5Aread(attribute, type, $0.baseAddress) }
        guard status >= 0 else { throw error("cannot read attribute \(name) of \(display(absolutePath(object)))") }
        let spacePadded = H5Tget_strpad(type) == H5T_STR_SPACEPAD
        return (0..<count).map { index in
            var text = bytes[(index * size)..<((index + 1) * size)].prefix { $0 != 0 }
            if spacePadded { while text.last == 0x20 { text.removeLast() } }
            return String(decoding: text, as: UTF8.self)
        }
    }

    private func readVariableLengthStrings(
        _ attribute: hid_t, type: hid_t, space: hid_t, count: Int, name: String, object: String
    ) throws -> [String] {
        // Its characters are bytes. A damaged datatype message can declare characters of
        // megabytes, and libhdf5 would convert a few hundred of them into gigabytes of memory.
        let character = H5Tget_super(type)
        guard character >= 0 else { throw error("cannot read attribute \(name) of \(display(absolutePath(object)))") }
        let characterSize = H5Tget_size(character)
        H5Tclose(character)
        guard characterSize == 1 else {
            throw error(
                "damaged HDF5 file: attribute \(name) of \(display(absolutePath(object))) is a string of "
                    + "\(characterSize)-byte characters")
        }
        // And each value's declared length, which libhdf5 allocates before it reads the value.
        if let problem = StoredStringCheck.problem(attribute: name, values: count, inFileAt: file.path) {
            throw error(problem)
        }
        let memoryType = H5Tcopy(h5_c_s1())
        defer { H5Tclose(memoryType) }
        H5Tset_size(memoryType, h5t_variable())
        H5Tset_cset(memoryType, H5Tget_cset(type))
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        guard H5Aread(attribute, memoryType, &pointers) >= 0 else {
            throw error("cannot read attribute \(name) of \(display(absolutePath(object)))")
        }
        let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
        H5Dvlen_reclaim(memoryType, space, h5p_default(), &pointers)
        return strings
    }

    /// Creates (replacing any old one) the attribute `name` on `object` and writes it.
    private func createAttribute(
        _ name: String, on object: String, type: hid_t, shape: [Int],
        _ write: (hid_t) -> herr_t
    ) throws {
        let path = absolutePath(object)
        try file.requireWritable("attribute \(name) of \(display(path))")
        guard exists(path) else { throw error("object \(display(path)) not found") }
        if H5Aexists_by_name(file.id, path, name, linkAccess) > 0 {
            H5Adelete_by_name(file.id, path, name, linkAccess)
        }
        let space = makeDataspace(shape)
        defer { H5Sclose(space) }
        let attribute = H5Acreate_by_name(file.id, path, name, type, space, h5p_default(), h5p_default(), linkAccess)
        guard attribute >= 0 else { throw error("cannot create attribute \(name) of \(display(path))") }
        defer { H5Aclose(attribute) }
        guard write(attribute) >= 0 else { throw error("cannot write attribute \(name) of \(display(path))") }
    }

    private func writeNumbers<T: H5Element>(_ name: String, _ values: [T], scalar: Bool, on object: String) throws {
        let type = T.h5ElementType.nativeType
        try createAttribute(name, on: object, type: type, shape: scalar ? [] : [values.count]) { attribute in
            values.isEmpty ? 0 : values.withUnsafeBytes { H5Awrite(attribute, type, $0.baseAddress) }
        }
    }

    private func writeStrings(
        _ name: String, _ values: [String], scalar: Bool, storage: H5StringStorage, on object: String
    ) throws {
        let type = H5Tcopy(h5_c_s1())
        defer { H5Tclose(type) }
        let isASCII = values.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
        H5Tset_cset(type, isASCII && storage == .fixedLength ? H5T_CSET_ASCII : H5T_CSET_UTF8)
        let shape = scalar ? [] : [values.count]
        switch storage {
        case .fixedLength:
            let size = max(1, values.map { $0.utf8.count }.max() ?? 1)
            H5Tset_size(type, size)
            H5Tset_strpad(type, H5T_STR_NULLPAD)
            var bytes = [UInt8](repeating: 0, count: size * values.count)
            for (index, value) in values.enumerated() {
                bytes.replaceSubrange((index * size)..<(index * size + value.utf8.count), with: value.utf8)
            }
            try createAttribute(name, on: object, type: type, shape: shape) { attribute in
                bytes.isEmpty ? 0 : bytes.withUnsafeBytes { H5Awrite(attribute, type, $0.baseAddress) }
            }
        case .variableLength:
            H5Tset_size(type, h5t_variable())
            let pointers = values.map { strdup($0) }
            defer { pointers.forEach { free($0) } }
            try createAttribute(name, on: object, type: type, shape: shape) { attribute in
                pointers.isEmpty ? 0 : pointers.withUnsafeBytes { H5Awrite(attribute, type, $0.baseAddress) }
            }
        }
    }
}
