import Tensors

extension VGGLossNetwork {
    /// Loads from a Keras-layout HDF5 file the weights of every layer up to the deepest of
    /// `layers` (ReLU names, e.g. `relu2_2`, `relu4_3`) and builds the network that serves them,
    /// its convolutions computing as `policy` allows.
    public convenience init(
        weightsPath: String, covering layers: [String], pooling: PoolingMode = .max,
        policy: ConvolutionPolicy = .exact
    ) throws {
        let deepest = try VGGWeights.variant(at: weightsPath).deepestLayer(of: layers)
        try self.init(weightsPath: weightsPath, upTo: deepest.reluName, pooling: pooling, policy: policy)
    }
}
