import StyleTransfer

/// Convolution FLOPs of VGG (2 × multiply-adds), as ../shared/bench/flops.py counts them.
enum VGGFlops {
    /// One image of height × width through the convolutions up to the ReLU named `last`
    /// (e.g. `relu4_3`); each block after the first runs at half the previous size.
    static func forward(height: Int, width: Int, through last: String, variant: VGGVariant = .vgg16) -> Double {
        var total = 0.0
        for layer in variant.convolutions {
            let scale = 1 << (layer.block - 1)
            total += 2 * Double(layer.inChannels * layer.outChannels * 9 * (height / scale) * (width / scale))
            if layer.reluName == last { break }
        }
        return total
    }
}
