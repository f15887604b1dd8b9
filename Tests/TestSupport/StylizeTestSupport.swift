import Foundation
import Imaging
import NN
import StyleTransfer
import Tensors

/// Small checkpoints and images for the stylize tests: random networks, written as
/// `faststyle train` writes them, so no training is needed.
public enum StylizeTestSupport {
    /// A model-only checkpoint of a randomly initialized network; the normalizations get
    /// varied scales and shifts, so that frozen and per-tile statistics differ visibly.
    public static func writeCheckpoint(
        architecture: String = "c9s1-32,d64,d128,R128,R128,R128,R128,R128,u64,u32,c9s1-3",
        seed: UInt64 = 3, to path: String
    ) throws {
        var settings = TrainingSettings()
        settings.network.architecture = try Architecture(architecture)
        let network = try TransformerNet(settings: settings.network)
        network.initialize(seed: seed)
        var generator = SeededGenerator(seed: seed + 1)
        for case let norm as InstanceNorm in network.allLayers {
            for c in 0..<norm.channels {
                norm.gamma.value.data[c] = Float.random(in: 0.5...1.5, using: &generator)
                norm.beta.value.data[c] = Float.random(in: -0.5...0.5, using: &generator)
            }
        }
        // The output layer's bias centres the random output on mid-grey, so little is clamped.
        if let last = network.allLayers.compactMap({ $0 as? Conv2D }).last, let bias = last.bias {
            for c in 0..<3 { bias.value.data[c] = 128 }
            for i in 0..<last.weight.value.count { last.weight.value.data[i] *= 60 }
        }
        let parameters = network.parameters.map { ($0.name, $0.value.shape, $0.value.toArray()) }
        try Checkpoint(
            settings: settings, iteration: 0, seconds: 0, parameters: parameters, buffers: [], styleTargets: [:],
            optimizer: nil, history: []
        ).write(to: path)
    }

    /// A smooth colourful test picture with some detail: gradients and waves.
    public static func picture(width: Int, height: Int) -> Image {
        var image = Image(width: width, height: height, fill: 0)
        let plane = width * height
        for y in 0..<height {
            for x in 0..<width {
                let u = Float(x) / Float(max(width - 1, 1)), v = Float(y) / Float(max(height - 1, 1))
                let i = y * width + x
                image.pixels[i] = 255 * u
                image.pixels[plane + i] = 127.5 + 100 * sin(Float(x) * 0.21) * cos(Float(y) * 0.13)
                image.pixels[2 * plane + i] = 255 * (1 - v) * (0.5 + 0.5 * u)
            }
        }
        return image
    }
}
