import CDNNL
import Foundation

/// Conversions between channel layouts (plain NCHW, nChw8c, nChw16c) through oneDNN reorders.
public enum Reorder {
    /// Copies `source` into `destination` (same shape, any layouts).
    public static func copy(_ source: Tensor, into destination: Tensor) {
        precondition(source.shape == destination.shape, "reorder \(source.shape) into \(destination.shape)")
        if source.channelBlock == destination.channelBlock {
            destination.data.update(from: source.data, count: source.storageCount)
            return
        }
        copy(from: DNNL.descriptor(of: source), source.data, to: DNNL.descriptor(of: destination), destination.data)
    }

    /// Reorders between arbitrary oneDNN descriptors (used for weights in oneDNN's blocked layouts).
    static func copy(
        from sourceMD: dnnl_memory_desc_t, _ source: UnsafeMutableRawPointer,
        to destinationMD: dnnl_memory_desc_t, _ destination: UnsafeMutableRawPointer
    ) {
        let primitive = ReorderCache.shared.primitive(from: sourceMD, to: destinationMD)
        primitive.execute([(DNNL_ARG_FROM, sourceMD, source), (DNNL_ARG_TO, destinationMD, destination)])
    }
}

/// Reorder primitives, created once per pair of descriptors.
final class ReorderCache {
    static let shared = ReorderCache()
    private var entries: [(dnnl_memory_desc_t, dnnl_memory_desc_t, Primitive)] = []
    private let lock = NSLock()

    func primitive(from source: dnnl_memory_desc_t, to destination: dnnl_memory_desc_t) -> Primitive {
        lock.withLock {
            for (s, d, p) in entries {
                var s = s, d = d, source = source, destination = destination
                if dnnl_memory_desc_equal(&s, &source) != 0 && dnnl_memory_desc_equal(&d, &destination) != 0 {
                    return p
                }
            }
            var src = source, dst = destination
            var pd: dnnl_primitive_desc_t?
            DNNL.check(
                dnnl_reorder_primitive_desc_create(&pd, &src, DNNL.engine, &dst, DNNL.engine, nil),
                "reorder descriptor")
            let p = Primitive(created: pd!)
            entries.append((source, destination, p))
            return p
        }
    }
}
