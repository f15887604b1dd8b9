import Tensors

/// Layers applied one after another: forward chains them, backward runs them in reverse.
public final class Sequential: Layer {
    public let name: String
    public let layers: [Layer]

    /// The parameters of every layer, in layer order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    public init(name: String = "sequential", _ layers: [Layer]) throws {
        guard !layers.isEmpty else {
            throw LayerError.invalidConfiguration(layer: name, reason: "needs at least one layer")
        }
        self.name = name
        self.layers = layers
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        var y = x
        for layer in layers { y = try layer.forward(y) }
        return y
    }

    /// Returns nil when the first layer does (its input needs no gradient). Any other layer
    /// returning nil would cut off the layers before it, so that is an error.
    public func backward(_ dy: Tensor) throws -> Tensor? {
        var gradient = dy
        for (position, layer) in layers.enumerated().reversed() {
            guard let dx = try layer.backward(gradient) else {
                if position == 0 { return nil }
                throw LayerError.invalidConfiguration(
                    layer: name,
                    reason: "layer \(position) returned no input gradient, but the layers before it need one")
            }
            gradient = dx
        }
        return gradient
    }
}
