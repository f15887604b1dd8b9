import CHDF5

/// Something that holds groups, datasets and attributes: an `H5File` (its root group) or an
/// `H5Group`. Names passed to its methods are paths relative to it (`"a/b/c"`), or absolute
/// (`"/a/b"`); `"."` is the location itself.
public protocol H5Location {
    var file: H5File { get }
    /// Absolute path of this location inside the file, `/` for the root.
    var objectPath: String { get }
}

/// A group inside an open file. It holds no HDF5 handle: each operation opens and closes what
/// it needs, so a group value stays valid as long as its file is open.
public struct H5Group: H5Location {
    public let file: H5File
    public let objectPath: String
}

/// An object whatever the path it is reached by: hard links give one object several paths, and
/// can make a group its own descendant, so a reader that walks groups keeps the identities it
/// has seen.
public struct H5ObjectIdentity: Hashable, Sendable {
    let fileNumber: UInt
    let address: UInt
}

/// What a link in a group points to.
public enum H5ObjectKind: Equatable {
    case group
    case dataset
    /// A named datatype or another kind of object.
    case other
}

extension H5Location {
    // MARK: Groups and links

    /// Creates the group `name`, with any missing intermediate groups (`"a/b/c"`). An existing
    /// group is returned as it is.
    @discardableResult
    public func createGroup(_ name: String) throws -> H5Group {
        let path = absolutePath(name)
        if exists(path) {
            return try group(name)
        }
        try file.requireWritable("group \(display(path))")
        let linkProperties = H5Pcreate(h5p_link_create())
        defer { H5Pclose(linkProperties) }
        H5Pset_create_intermediate_group(linkProperties, 1)
        let id = H5Gcreate2(file.id, path, linkProperties, h5p_default(), h5p_default())
        guard id >= 0 else { throw error("cannot create group \(display(path))") }
        H5Gclose(id)
        return H5Group(file: file, objectPath: path)
    }

    /// The existing group `name`.
    public func group(_ name: String) throws -> H5Group {
        let path = absolutePath(name)
        try withObject(path, expecting: .group) { _ in }
        return H5Group(file: file, objectPath: path)
    }

    /// Whether a link `name` (a path relative to this location) exists.
    public func contains(_ name: String) -> Bool {
        exists(absolutePath(name))
    }

    /// Whether `name` is a group, a dataset or something else. Throws if it does not exist.
    public func kind(of name: String) throws -> H5ObjectKind {
        try withAnyObject(absolutePath(name), noun: "object") { objectKind($0) }
    }

    /// The identity of the object `name` (see `H5ObjectIdentity`).
    public func identity(of name: String) throws -> H5ObjectIdentity {
        let path = absolutePath(name)
        return try withAnyObject(path, noun: "object") { id in
            var info = H5O_info_t()
            guard H5Oget_info2(id, &info, UInt32(H5O_INFO_BASIC)) >= 0 else {
                throw error("cannot identify \(display(path))")
            }
            return H5ObjectIdentity(fileNumber: info.fileno, address: info.addr)
        }
    }

    /// Names of the links directly inside the group `name`, sorted by name.
    public func children(of name: String = ".") throws -> [String] {
        let path = absolutePath(name)
        return try withObject(path, expecting: .group) { id in
            var info = H5G_info_t()
            guard H5Gget_info(id, &info) >= 0 else { throw error("cannot list group \(display(path))") }
            return try (0..<info.nlinks).map { index in
                let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, h5p_default())
                guard length >= 0 else { throw error("cannot list group \(display(path))") }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, h5p_default())
                return String(cString: buffer)
            }
        }
    }

    /// Removes the link `name` (a group with everything below it, or a dataset). HDF5 does not
    /// reclaim the space in the file.
    public func remove(_ name: String) throws {
        let path = absolutePath(name)
        try file.requireWritable("(remove) \(display(path))")
        guard exists(path) else { throw error("object \(display(path)) not found") }
        guard H5Ldelete(file.id, path, linkAccess) >= 0 else {
            throw error("cannot remove \(display(path))")
        }
    }

    // MARK: Helpers shared by the H5 module

    /// The absolute path of `name` relative to this location.
    func absolutePath(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        if name == "." || name.isEmpty { return objectPath }
        return objectPath == "/" ? "/" + name : objectPath + "/" + name
    }

    /// An absolute path as shown in messages: without the leading slash, `/` for the root.
    func display(_ path: String) -> String {
        path == "/" ? "/" : String(path.drop(while: { $0 == "/" }))
    }

    func error(_ message: String) -> H5Error {
        H5Error(file: file.path, message: message)
    }

    /// Whether every component of an absolute path exists (`H5Lexists` fails, rather than
    /// answering false, when an intermediate group is missing).
    func exists(_ path: String) -> Bool {
        guard file.id >= 0 else { return false }
        var prefix = ""
        for component in path.split(separator: "/") where component != "." {
            prefix += "/" + component
            guard H5Lexists(file.id, prefix, linkAccess) > 0 else { return false }
        }
        return true
    }

    func objectKind(_ id: hid_t) -> H5ObjectKind {
        switch H5Iget_type(id) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    /// Opens the object at an absolute path, checks its kind, runs `body` with its identifier
    /// and closes it.
    func withObject<R>(_ path: String, expecting kind: H5ObjectKind, _ body: (hid_t) throws -> R) throws -> R {
        let noun = kind == .group ? "group" : "dataset"
        return try withAnyObject(path, noun: noun) { id in
            let actual = objectKind(id)
            guard actual == kind else {
                let what = actual == .group ? "a group" : actual == .dataset ? "a dataset" : "neither group nor dataset"
                throw error("\(display(path)) is \(what), expected a \(noun)")
            }
            return try body(id)
        }
    }

    /// Opens the object at an absolute path whatever its kind, runs `body` and closes it.
    func withAnyObject<R>(_ path: String, noun: String, _ body: (hid_t) throws -> R) throws -> R {
        try file.requireOpen()
        guard exists(path) else { throw error("\(noun) \(display(path)) not found") }
        let id = H5Oopen(file.id, path, linkAccess)
        guard id >= 0 else { throw error("cannot open \(noun) \(display(path))\(externalLinkNote(path))") }
        defer { H5Oclose(id) }
        return try body(id)
    }

    /// Why a path cannot be opened when a link on the way leads to another file.
    private func externalLinkNote(_ path: String) -> String {
        var prefix = ""
        for component in path.split(separator: "/") where component != "." {
            prefix += "/" + component
            var info = H5L_info_t()
            if H5Lget_info(file.id, prefix, &info, linkAccess) >= 0, info.type == H5L_TYPE_EXTERNAL {
                return ": \(display(prefix)) is an external link to another file, which is not followed"
            }
        }
        return ""
    }
}
