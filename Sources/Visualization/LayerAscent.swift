import Imaging
import NN
import StyleTransfer
import Tensors

/// The loss network run forward to one layer and back to the image, with the gradient at that
/// layer chosen by the caller from the layer's activation: the step every picture of what the
/// network sees is made of (DeepDream sets the gradient to the activation itself, a neuron's
/// visualization to one channel).
final class LayerAscent {
    let network: VGGLossNetwork
    let layer: String
    private let seedGradient = Buffer()

    init(network: VGGLossNetwork, layer: String) throws {
        guard network.layerNames.contains(layer) else {
            throw LossNetworkError.unknownLayer(
                layer, variant: network.variant,
                valid: VGGLossNetwork.layerNames(of: network.variant))
        }
        self.network = network
        self.layer = layer
    }

    /// The activation of `layer` for `image` (owned by the network until its next call).
    func activation(of image: Image) throws -> Tensor {
        try network.forward(Tensor(image: image), taps: [layer])[layer]!
    }

    /// The objective `seed` returns, its gradient with respect to the image's pixels (planar,
    /// like `Image.pixels`) and the number of units of the layer. `seed` gets the activation and
    /// a zeroed tensor of its layout to fill with d(objective)/d(activation). With
    /// `redirectingWhenZero`, an objective of 0 (the units are off, and their ReLU passes no
    /// gradient) is followed through the layer's ReLU as if to switch them on.
    func gradient(
        of image: Image, redirectingWhenZero: Bool = false,
        seed: (_ activation: Tensor, _ gradient: Tensor) -> Double
    ) throws
        -> (objective: Double, gradient: [Float], units: Int)
    {
        let activation = try activation(of: image)
        let dy = seedGradient.tensor(like: activation)
        dy.zero()
        let objective = seed(activation, dy)
        let dx = try network.backward([layer: dy], redirecting: redirectingWhenZero && objective == 0 ? [layer] : [])
        return (objective, dx.toArray(), activation.count)
    }

    /// `image` moved along `gradient` so that a sample changes by `size` levels on average (the
    /// gradient divided by its mean magnitude: the same step at every layer and image size).
    /// A zero gradient (the layer sees nothing) leaves the image as it is. Not clamped.
    static func normalizedStep(_ image: Image, along gradient: [Float], size: Float) -> Image {
        let meanMagnitude = gradient.reduce(0) { $0 + Double(abs($1)) } / Double(gradient.count)
        guard meanMagnitude > 0, meanMagnitude.isFinite else { return image }
        let scale = size / Float(meanMagnitude)
        var moved = image
        for i in moved.pixels.indices { moved.pixels[i] += scale * gradient[i] }
        return moved
    }

    /// Half the squared activation, summed (DeepDream's objective); its gradient is the
    /// activation itself.
    static func halfSquaredNorm(_ activation: Tensor, _ gradient: Tensor) -> Double {
        gradient.copy(from: activation)
        return halfSquaredNorm(activation)
    }

    /// ½‖a‖² of `activation`, summed (block padding is zero, so any layout).
    static func halfSquaredNorm(_ activation: Tensor) -> Double {
        var sum = 0.0
        for i in 0..<activation.storageCount { sum += Double(activation.data[i]) * Double(activation.data[i]) }
        return sum / 2
    }
}
