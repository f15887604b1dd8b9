/// One 3×3 convolution of VGG and every name it goes by: the one table that Keras files, the
/// loss network's layer names (`relu3_3`) and the FLOP counts are read against.
public struct VGGLayer: Equatable, Sendable {
    /// The block (between two poolings), from 1, and the convolution's place in it, from 1.
    public let block: Int
    public let index: Int
    public let inChannels: Int
    public let outChannels: Int

    /// The Keras layer name, e.g. `block3_conv3`.
    public var name: String { "block\(block)_conv\(index)" }
    /// The activation after its ReLU as the losses name it, e.g. `relu3_3`.
    public var reluName: String { "relu\(block)_\(index)" }
    /// The Keras name of the pooling layer that ends this layer's block, e.g. `block3_pool`.
    public var poolingName: String { "block\(block)_pool" }
}
