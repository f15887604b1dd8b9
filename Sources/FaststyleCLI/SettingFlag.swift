import StyleTransfer

/// The flag that sets each setting the library names in its errors.
enum SettingFlag {
    static func name(_ setting: Setting) -> String {
        switch setting {
        case .architecture: return "--arch"
        case .imageSize: return "--image-size"
        case .finalImageSize: return "--final-image-size"
        case .finalIterations: return "--final-iterations"
        case .batchSize: return "--batch-size"
        case .iterations: return "--iterations"
        case .epochs: return "--epochs"
        case .learningRate: return "--learning-rate"
        case .learningRateDecayEvery: return "--lr-decay-every"
        case .learningRateDecayFactor: return "--lr-decay-factor"
        case .learningRateSchedule: return "--lr-schedule"
        case .warmupIterations: return "--lr-warmup"
        case .styleSize: return "--style-size"
        case .checkpointEvery: return "--checkpoint-every"
        case .validationEvery: return "--val-every"
        case .sampleEvery: return "--sample-every"
        case .seed: return "--seed"
        case .styleImage: return "--style"
        case .normalization: return "--norm"
        case .padding: return "--padding"
        case .upsampling: return "--upsample"
        case .outputActivation: return "--output-activation"
        case .pooling: return "--pooling"
        case .contentWeight: return "--content-weight"
        case .styleWeight: return "--style-weight"
        case .totalVariationWeight: return "--tv-weight"
        case .contentLayers: return "--content-layers"
        case .styleLayers: return "--style-layers"
        case .styleLayerWeights: return "--style-layer-weights"
        case .longSide: return "--size"
        case .strength: return "--strength"
        case .tileSize: return "--tile"
        case .maxUntiledPixels: return "--max-untiled-pixels"
        case .jpegQuality: return "--quality"
        case .styleBlend: return "--style-blend"
        case .packSize: return "--size"
        case .compressionLevel: return "--compression-level"
        case .wheel: return "--wheel"
        }
    }
}
