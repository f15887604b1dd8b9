import Tensors

/// Whether a forward pass may be followed by a backward pass.
///
/// Normally each layer keeps its input or output for `backward` and reuses its output buffer
/// from call to call, so a network holds every activation at once (about 3 GB per megapixel
/// for Johnson's network). Inside `inferenceOnly`, layers keep nothing and `Buffer` hands out
/// fresh tensors it does not retain: an activation is freed as soon as the next layer is done
/// with it, and a network's peak memory is that of its largest few neighbouring activations.
public enum ForwardPass {
    @TaskLocal public static var isInferenceOnly = false

    /// Runs `body` (forward passes only) with inference-only memory.
    public static func inferenceOnly<R>(_ body: () throws -> R) rethrows -> R {
        try $isInferenceOnly.withValue(true, operation: body)
    }

    /// `tensor` when a backward pass may follow, nil for inference (so the layer keeps nothing alive).
    static func keptForBackward(_ tensor: Tensor) -> Tensor? {
        isInferenceOnly ? nil : tensor
    }
}
