import Tensors

/// dL/dy handed to `backward` must match the last output in shape and channel layout
/// (the kernels read it storage index by storage index).
func requireGradient(_ dy: Tensor, like y: Tensor, _ layer: String) throws {
    try requireShape(dy, y.shape, layer)
    guard dy.channelBlock == y.channelBlock else {
        throw LayerError.invalidConfiguration(layer: layer,
            reason: "output gradient has channel block \(dy.channelBlock), the output has \(y.channelBlock)")
    }
}
