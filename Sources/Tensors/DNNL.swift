import CDNNL
import Foundation

/// The process-wide oneDNN CPU engine and stream, and helpers around the C API.
///
/// oneDNN failures here mean a shape or layout the program should have rejected earlier, so
/// they stop the program with oneDNN's status and the call that failed.
enum DNNL {
    static let engine: dnnl_engine_t = {
        var engine: dnnl_engine_t?
        check(dnnl_engine_create(&engine, dnnl_cpu, 0), "dnnl_engine_create")
        return engine!
    }()

    static let stream: dnnl_stream_t = {
        var stream: dnnl_stream_t?
        check(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue), "dnnl_stream_create")
        return stream!
    }()

    static func check(_ status: dnnl_status_t, _ call: @autoclosure () -> String) {
        guard status == dnnl_success else {
            fatalError("oneDNN: \(call()) failed: \(String(cString: dnnl_status2str(status)))")
        }
    }

    /// A memory descriptor for a rank-4 activation tensor in the layout of `channelBlock`.
    static func activationDescriptor(shape: [Int], channelBlock: Int, dataType: dnnl_data_type_t = dnnl_f32)
        -> dnnl_memory_desc_t
    {
        let tag: dnnl_format_tag_t
        switch channelBlock {
        case 1: tag = dnnl_nchw
        case 8: tag = dnnl_nChw8c
        case 16: tag = dnnl_nChw16c
        default: fatalError("unsupported channel block \(channelBlock)")
        }
        return descriptor(shape: shape, tag: tag, dataType: dataType)
    }

    static func descriptor(shape: [Int], tag: dnnl_format_tag_t, dataType: dnnl_data_type_t = dnnl_f32)
        -> dnnl_memory_desc_t
    {
        var md = dnnl_memory_desc_t()
        let dims = shape.map(Int64.init)
        check(
            dnnl_memory_desc_init_by_tag(&md, Int32(dims.count), dims, dataType, tag),
            "memory descriptor \(shape)")
        return md
    }

    static func descriptor(of tensor: Tensor) -> dnnl_memory_desc_t {
        if tensor.rank == 4 { return activationDescriptor(shape: tensor.shape, channelBlock: tensor.channelBlock) }
        let tags: [Int: dnnl_format_tag_t] = [1: dnnl_a, 2: dnnl_ab, 3: dnnl_abc]
        return descriptor(shape: tensor.shape, tag: tags[tensor.rank]!)
    }

    /// The channel block of a descriptor's layout if it is plain NCHW or nChw{8,16}c, else nil.
    static func channelBlock(of md: dnnl_memory_desc_t) -> Int? {
        for block in [1, 8, 16] {
            var candidate = activationDescriptor(
                shape: withUnsafeBytes(of: md.dims) { Array($0.bindMemory(to: Int64.self).prefix(4)).map(Int.init) },
                channelBlock: block)
            var md = md
            if dnnl_memory_desc_equal(&candidate, &md) != 0 { return block }
        }
        return nil
    }

    static func byteSize(_ md: dnnl_memory_desc_t) -> Int {
        var md = md
        return dnnl_memory_desc_get_size(&md)
    }
}

/// A oneDNN primitive with its descriptor, created once for a shape and reused.
final class Primitive {
    let descriptor: dnnl_primitive_desc_t
    let primitive: dnnl_primitive_t
    /// Scratch memory the primitive needs while it runs (Winograd's transformed tiles can take
    /// hundreds of MB). Primitives made from operation descriptors get it from `execute`, as a
    /// transient tensor: oneDNN's own (library) scratchpad would keep the largest ever needed
    /// for the life of the process, on top of every activation.
    let scratchpadBytes: Int

    /// `operation` points at a oneDNN operation descriptor (e.g. dnnl_convolution_desc_t).
    convenience init(
        operation: UnsafeRawPointer, attributes: dnnl_primitive_attr_t? = nil,
        hint: Primitive? = nil, name: String
    ) {
        var pd: dnnl_primitive_desc_t?
        let status = Self.withUserScratchpad(attributes) {
            dnnl_primitive_desc_create(&pd, operation, $0, DNNL.engine, hint?.descriptor)
        }
        DNNL.check(status, "primitive descriptor for \(name)")
        self.init(created: pd!)
    }

    /// The primitive for `operation`, or nil when oneDNN has no implementation of it here (or
    /// refuses it for this shape).
    convenience init?(
        ifImplemented operation: UnsafeRawPointer, attributes: dnnl_primitive_attr_t? = nil,
        hint: Primitive? = nil
    ) {
        var pd: dnnl_primitive_desc_t?
        let status = Self.withUserScratchpad(attributes) {
            dnnl_primitive_desc_create(&pd, operation, $0, DNNL.engine, hint?.descriptor)
        }
        guard status == dnnl_success, let pd else { return nil }
        self.init(created: pd)
    }

    /// Takes ownership of a primitive descriptor and creates its primitive.
    init(created pd: dnnl_primitive_desc_t) {
        var prim: dnnl_primitive_t?
        DNNL.check(dnnl_primitive_create(&prim, pd), "primitive")
        descriptor = pd
        primitive = prim!
        var scratchpad = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0).pointee
        scratchpadBytes = dnnl_memory_desc_get_size(&scratchpad)
    }

    /// Calls `body` with `attributes` (or new ones) set to the user-managed scratchpad mode.
    private static func withUserScratchpad(
        _ attributes: dnnl_primitive_attr_t?,
        _ body: (dnnl_primitive_attr_t?) -> dnnl_status_t
    ) -> dnnl_status_t {
        var own: dnnl_primitive_attr_t?
        if attributes == nil { DNNL.check(dnnl_primitive_attr_create(&own), "attributes") }
        defer { if let own { dnnl_primitive_attr_destroy(own) } }
        let chosen = attributes ?? own
        DNNL.check(dnnl_primitive_attr_set_scratchpad_mode(chosen, dnnl_scratchpad_mode_user), "scratchpad mode")
        return body(chosen)
    }

    deinit {
        dnnl_primitive_destroy(primitive)
        dnnl_primitive_desc_destroy(descriptor)
    }

    func memoryDescriptor(_ query: dnnl_query_t) -> dnnl_memory_desc_t {
        dnnl_primitive_desc_query_md(descriptor, query, 0).pointee
    }

    /// The implementation oneDNN dispatched, e.g. "jit:avx512_core" (for benchmarks and tests).
    var implementation: String {
        var s: UnsafePointer<CChar>?
        DNNL.check(dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, &s), "query impl")
        return String(cString: s!)
    }

    /// Runs the primitive on raw buffers described by the given descriptors and waits for it.
    func execute(_ arguments: [(Int32, dnnl_memory_desc_t, UnsafeMutableRawPointer)]) {
        var arguments = arguments
        let scratchpad = scratchpadBytes > 0 ? Tensor(uninitializedShape: [(scratchpadBytes + 3) / 4]) : nil
        if let scratchpad {
            arguments.append(
                (
                    DNNL_ARG_SCRATCHPAD, memoryDescriptor(dnnl_query_scratchpad_md),
                    UnsafeMutableRawPointer(scratchpad.data)
                ))
        }
        defer { withExtendedLifetime(scratchpad) {} }
        var memories: [dnnl_memory_t?] = []
        memories.reserveCapacity(arguments.count)
        var args: [dnnl_exec_arg_t] = []
        for (kind, md, pointer) in arguments {
            var md = md
            var memory: dnnl_memory_t?
            DNNL.check(dnnl_memory_create(&memory, &md, DNNL.engine, pointer), "memory for argument \(kind)")
            memories.append(memory)
            args.append(dnnl_exec_arg_t(arg: kind, memory: memory))
        }
        DNNL.check(dnnl_primitive_execute(primitive, DNNL.stream, Int32(args.count), args), "execute")
        DNNL.check(dnnl_stream_wait(DNNL.stream), "stream wait")
        for memory in memories { dnnl_memory_destroy(memory) }
    }
}

/// Scratch memory for oneDNN's internal layouts (reordered weights), grown on demand.
final class ScratchBuffer {
    private(set) var pointer: UnsafeMutableRawPointer?
    private var capacity = 0

    func raw(bytes: Int) -> UnsafeMutableRawPointer {
        if bytes > capacity {
            free(pointer)
            var p: UnsafeMutableRawPointer?
            guard posix_memalign(&p, 64, max(bytes, 64)) == 0 else { fatalError("out of memory") }
            pointer = p
            capacity = bytes
        }
        return pointer!
    }

    deinit { free(pointer) }
}
