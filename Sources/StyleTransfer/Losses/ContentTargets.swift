import Tensors

/// Activations of content images at the content layers (same batch size as the output).
public struct ContentTargets {
    public var features: [String: Tensor]
}
