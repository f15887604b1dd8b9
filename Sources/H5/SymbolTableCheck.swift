import Foundation

/// Checks libhdf5 1.10 lacks on the structures of a group stored the original way (a B-tree of
/// symbol-table nodes, as faststyle's files are), found by fuzzing the pack reader
/// (docs/fuzzing.md): a group B-tree node ("TREE") whose child's address was set to HDF5's
/// undefined address (2⁶⁴ − 1) sent libhdf5 reading there; its address arithmetic wrapped past
/// its checks and it copied from address 0, a segmentation fault in `faststyle train --dataset`.
///
/// Every group B-tree node in the file must point its children into the file, every
/// symbol-table node ("SNOD") its objects' headers and, for a group, its B-tree and heap, and
/// every local heap ("HEAP") must hold its names within the file (a size of 17 GB made libhdf5
/// ask for 17 GB). A
/// signature is taken for a node only when what follows it is laid out as one (a version or node
/// type, sibling addresses that are addresses), so that the same four bytes in a picture's pixels
/// are passed over.
///
/// The B-trees the file's structure names are checked first, whatever their siblings say: from
/// the root group's (in the superblock) down through every group's symbol-table nodes. A pack
/// whose root B-tree node had its sibling addresses damaged as well as its child passed the
/// signature scan, and libhdf5, which reads no siblings to list a group, copied from address 0.
enum SymbolTableCheck {
    private static let undefined = UInt64.max

    /// A description of the first node that points outside the file (`bytes`, a whole file); nil
    /// when there is none.
    static func problem(in bytes: UnsafeRawBufferPointer) -> String? {
        let size = bytes.count
        func integer(_ offset: Int, _ count: Int) -> UInt64 { FileScan.integer(bytes, offset, count) }
        func inFile(_ address: UInt64) -> Bool { address < UInt64(size) }

        // TREE: signature 4, node type 1 (0: group), level 1, entries used 2, left and right
        // siblings 8 each (undefined when none); then key 0, child 0, key 1, … key N, 8 bytes
        // each for a group node. The children (symbol-table nodes, or nodes of the level
        // below), or nil when the node is cut short (libhdf5 then fails to read it).
        func children(ofTreeAt at: Int) throws(Found) -> [UInt64]? {
            let entries = Int(integer(at + 6, 2))
            guard at + 24 + 16 * entries + 8 <= size else { return nil }
            return try (0..<entries).map { entry throws(Found) in
                let child = integer(at + 24 + 16 * entry + 8, 8)
                guard inFile(child) else {
                    throw Found(
                        "damaged HDF5 file: the group B-tree node at byte \(at) points its child \(entry) to byte "
                            + "\(child), beyond the file's \(size) bytes")
                }
                return child
            }
        }
        func isSymbolTableNode(_ at: Int) -> Bool {
            Array("SNOD".utf8).indices.allSatisfy { bytes[at + $0] == Array("SNOD".utf8)[$0] } && bytes[at + 4] == 1
        }
        func isTree(_ at: Int) -> Bool {
            at + 24 <= size && bytes[at] == 0x54 && bytes[at + 1] == 0x52 && bytes[at + 2] == 0x45
                && bytes[at + 3] == 0x45 && bytes[at + 4] == 0 && bytes[at + 5] < 64
        }
        do throws(Found) {
            // The named B-trees: the root group's and, through the symbol-table nodes its leaves
            // point to, every subgroup's (the scratch pad of an entry cached as a group, type 1).
            // The B-tree and heap of a group are in its object header's symbol-table message
            // (libhdf5 looks names up there) and cached in the scratch pad of its entry: both count.
            let root = FileScan.rootGroup(bytes)
            var pending = root?.tree.map { [$0] } ?? []
            var headers = root.map { [$0.header] } ?? []
            var heaps = root?.heap.map { [$0] } ?? []
            var blocksLeft = 1 << 16
            func addSymbolTable(ofHeaderAt header: UInt64) throws(Found) {
                let problem = ObjectHeaderCheck.forEachMessage(inHeaderAt: header, of: bytes, blocksLeft: &blocksLeft) {
                    type, data, dataSize in
                    if type == 0x11, dataSize >= 16 {  // symbol table: B-tree address, heap address
                        pending.append(integer(data, 8))
                        heaps.append(integer(data + 8, 8))
                    }
                    return nil
                }
                if let problem { throw Found(problem) }
            }
            if let root { try addSymbolTable(ofHeaderAt: root.header) }
            var visited = Set<UInt64>()
            while let address = pending.popLast(), visited.count < 1 << 16 {
                guard visited.insert(address).inserted else { continue }
                guard inFile(address) else {
                    throw Found(
                        "damaged HDF5 file: a group's B-tree is at byte \(address), beyond the file's \(size) bytes")
                }
                let at = Int(address)
                guard isTree(at), let nodes = try children(ofTreeAt: at) else { continue }
                if bytes[at + 5] > 0 {
                    pending += nodes
                    continue
                }
                for node in nodes.map({ Int($0) }) where node + 8 <= size && isSymbolTableNode(node) {
                    let symbols = min(Int(integer(node + 6, 2)), (size - node - 8) / 40)
                    for symbol in 0..<symbols {
                        let entry = node + 8 + 40 * symbol
                        headers.append(integer(entry + 8, 8))
                        try addSymbolTable(ofHeaderAt: integer(entry + 8, 8))
                        if integer(entry + 16, 4) == 1 {
                            pending.append(integer(entry + 24, 8))
                            heaps.append(integer(entry + 32, 8))
                        }
                    }
                }
            }
            // The named heaps: their names must lie in the file wherever they are (a root group's
            // heap declaring 17 GB of names at byte 16,777,944 of a 7,776-byte pack: libhdf5 asked
            // for the 17 GB before it found the address beyond the file).
            for heap in Set(heaps) where inFile(heap) && isHeap(Int(heap)) {
                if let problem = heapProblem(at: Int(heap), requireInFile: true) { throw Found(problem) }
            }
            if let problem = ObjectHeaderCheck.problem(inHeadersAt: headers, of: bytes) { throw Found(problem) }
            // Every other node the signature finds.
            for at in FileScan.offsets(of: Array("TREE".utf8), in: bytes) where isTree(at) {
                let (left, right) = (integer(at + 8, 8), integer(at + 16, 8))
                guard left == undefined || inFile(left), right == undefined || inFile(right) else { continue }
                _ = try children(ofTreeAt: at)
            }
        } catch {
            return error.description
        }
        // SNOD: signature 4, version 1 (1), reserved 1, symbols 2; then entries of 40 bytes: name
        // offset 8, object header address 8, cache type 4, reserved 4, scratch pad 16 (for cache
        // type 1, a group's B-tree and heap addresses).
        for at in FileScan.offsets(of: Array("SNOD".utf8), in: bytes) where at + 8 <= size && bytes[at + 4] == 1 && bytes[at + 5] == 0 {
            let symbols = Int(integer(at + 6, 2))
            guard symbols <= 1024, at + 8 + 40 * symbols <= size else { continue }
            for symbol in 0..<symbols {
                let entry = at + 8 + 40 * symbol
                let (header, cache) = (integer(entry + 8, 8), integer(entry + 16, 4))
                // A soft link (cache type 2) has no object header of its own.
                var addresses = cache == 2 && header == undefined ? [] : [("object header", header)]
                if cache == 1 {
                    addresses += [("B-tree", integer(entry + 24, 8)), ("heap", integer(entry + 32, 8))]
                }
                for (what, address) in addresses where !inFile(address) {
                    return
                        "damaged HDF5 file: the symbol-table node at byte \(at) puts the \(what) of its entry "
                        + "\(symbol) at byte \(address), beyond the file's \(size) bytes"
                }
            }
        }
        // HEAP (a group's local heap of names): signature 4, version 1 (0), reserved 3, data size
        // 8, free-list offset 8, data address 8. libhdf5 allocates the size before it reads: the
        // pack fuzzer's 17 GB.
        // Every other heap the signature finds, whose names' address is in the file (else it may be
        // no heap at all: pixels).
        for at in FileScan.offsets(of: Array("HEAP".utf8), in: bytes) where isHeap(at) {
            if let problem = heapProblem(at: at, requireInFile: false) { return problem }
        }
        return nil

        func isHeap(_ at: Int) -> Bool {
            at + 32 <= size && bytes[at] == 0x48 && bytes[at + 1] == 0x45 && bytes[at + 2] == 0x41
                && bytes[at + 3] == 0x50 && bytes[at + 4] == 0
        }
        func heapProblem(at: Int, requireInFile: Bool) -> String? {
            let (length, address) = (integer(at + 8, 8), integer(at + 24, 8))
            guard inFile(address) || requireInFile else { return nil }
            guard !inFile(address) || length > UInt64(size) - address else { return nil }
            return
                "damaged HDF5 file: the local heap at byte \(at) declares \(length) bytes of names at byte "
                + "\(address), beyond the file's \(size) bytes"
        }
    }
}

/// A structure found pointing outside the file, said as the error will say it.
private struct Found: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
