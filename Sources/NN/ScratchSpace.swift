import Tensors

/// Memory for intermediate tensors that live only inside one call (a reorder to plain layout,
/// a product before it is added elsewhere): a buffer that grows to the largest request and is
/// shared by every caller, so that temporaries cost memory once, not once per layer.
/// A tensor from a scratch space is valid until the next request to the same space; code that
/// needs two at once takes them from `first` and `second`.
public final class ScratchSpace {
    public static let first = ScratchSpace()
    public static let second = ScratchSpace()

    private var storage: Tensor?

    /// A tensor of `shape` and layout over this space's memory (contents undefined).
    public func tensor(_ shape: [Int], channelBlock: Int = 1) -> Tensor {
        let count = Tensor.storageCount(shape: shape, channelBlock: channelBlock)
        if (storage?.storageCount ?? -1) < count {
            storage = Tensor(uninitializedShape: [count])
        }
        return Tensor(viewing: storage!.data, shape: shape, channelBlock: channelBlock, owner: storage!)
    }
}
