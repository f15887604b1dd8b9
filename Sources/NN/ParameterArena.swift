import Tensors

/// All parameters of a model in one contiguous buffer, and their gradients in another, so that
/// the optimizer, zeroing and checkpointing each make one pass over flat memory. Packing
/// re-points every `Parameter`'s value and gradient at its slice (values are kept).
public final class ParameterArena {
    public let parameters: [Parameter]
    public let count: Int
    private let storage: Storage
    public var values: UnsafeMutableBufferPointer<Float> { storage.values }
    public var gradients: UnsafeMutableBufferPointer<Float> { storage.gradients }

    /// The memory, owned apart from the arena so that the parameters' views can keep it alive
    /// without a reference cycle.
    private final class Storage {
        let values: UnsafeMutableBufferPointer<Float>
        let gradients: UnsafeMutableBufferPointer<Float>
        init(count: Int) {
            values = .allocate(capacity: max(count, 1))
            gradients = .allocate(capacity: max(count, 1))
            values.initialize(repeating: 0)
            gradients.initialize(repeating: 0)
        }
        deinit {
            values.deallocate()
            gradients.deallocate()
        }
    }

    public init(packing parameters: [Parameter]) {
        self.parameters = parameters
        count = parameters.reduce(0) { $0 + $1.value.storageCount }
        storage = Storage(count: count)
        var offset = 0
        for p in parameters {
            let n = p.value.storageCount
            (storage.values.baseAddress! + offset).update(from: p.value.data, count: n)
            p.value = Tensor(viewing: storage.values.baseAddress! + offset, shape: p.value.shape, owner: storage)
            p.gradient = Tensor(viewing: storage.gradients.baseAddress! + offset, shape: p.value.shape, owner: storage)
            offset += n
        }
    }

    public func zeroGradients() {
        gradients.update(repeating: 0)
    }

    /// Whether every value and gradient is finite (a NaN check before an optimizer step).
    public var isFinite: Bool {
        values.allSatisfy(\.isFinite) && gradients.allSatisfy(\.isFinite)
    }
}
