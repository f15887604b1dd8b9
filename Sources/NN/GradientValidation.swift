import Tensors

/// dL/dy handed to `backward` must match the last output in shape and channel layout
/// (the kernels read it storage index by storage index).
func requireGradient(_ dy: Tensor, like y: Tensor, _ layer: String) throws {
    try requireShape(dy, y.shape, layer)
    guard dy.channelBlock == y.channelBlock else {
        throw LayerError.invalidConfiguration(
            layer: layer,
            reason: "output gradient has channel block \(dy.channelBlock), the output has \(y.channelBlock)")
    }
}

/// The output a layer kept from its last forward pass, once dL/dy is checked against it.
func keptOutput(_ output: Tensor?, matching dy: Tensor, _ layer: String) throws -> Tensor {
    guard let output else { throw LayerError.noForwardPass(layer: layer) }
    try requireGradient(dy, like: output, layer)
    return output
}

/// The input a layer kept from its last forward pass, once dL/dy is checked against the output.
func keptInput(_ input: Tensor?, output: Tensor?, matching dy: Tensor, _ layer: String) throws -> Tensor {
    guard let input else { throw LayerError.noForwardPass(layer: layer) }
    _ = try keptOutput(output, matching: dy, layer)
    return input
}
