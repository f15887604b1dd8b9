import Platform

/// The memory large work needs, estimated from the sizes before anything is allocated, and
/// checked against what the machine has (`MemoryBudget`): a training step, a stylized image,
/// the loss network's activations. The estimates count the float32 activations the work keeps
/// at once and the parameters, not the allocator's slack or oneDNN's scratch space, so they are
/// lower bounds (a training step of 4 crops of 256² is estimated at 1.0 GB and peaks at 1.85 GB):
/// what they refuse cannot run, and a refusal names the settings that would have to change.
public enum WorkingMemory {
    /// Floats the loss network keeps per input pixel when it runs up to the ReLU `layer`
    /// (`relu4_3`): every convolution's output (C at 1/4ᵇ⁻¹ of the area in block b) and every
    /// pooling's. VGG-16's table, or VGG-19's for its own layers.
    public static func lossNetworkFloatsPerPixel(through layer: String) -> Double {
        let variant: VGGVariant = VGGVariant.vgg16.convolutions.contains { $0.reluName == layer } ? .vgg16 : .vgg19
        var total = 0.0
        var block = 1
        for convolution in variant.convolutions {
            let area = 1 / Double(1 << (2 * (convolution.block - 1)))
            if convolution.block != block {
                total += Double(convolution.inChannels) * area   // the pooling's output
                block = convolution.block
            }
            total += Double(convolution.outChannels) * area
            if convolution.reluName == layer { break }
        }
        return total
    }

    /// The deepest of `layers` as the loss network sees them (unknown names count as the last).
    private static func floatsPerPixel(coveringAll layers: [String]) -> Double {
        layers.map(lossNetworkFloatsPerPixel(through:)).max() ?? 0
    }

    /// Floats per input pixel the transformation network keeps for a backward pass: each
    /// convolution's output and its normalization's (residual blocks: two of each and the sum).
    static func transformerFloatsPerPixel(_ architecture: Architecture) -> Double {
        architecture.scales.enumerated().reduce(0) { total, entry in
            let (index, (block, _, output)) = entry
            let area = 1 / Double(output * output)
            switch block {
            case let .convolution(_, _, c) where index == architecture.blocks.count - 1: return total + Double(c) * area
            case let .convolution(_, _, c), let .down(c), let .up(c): return total + 2 * Double(c) * area
            case let .residual(c): return total + 5 * Double(c) * area
            }
        }
    }

    /// Floats per input pixel an inference pass keeps at once: the largest input and output of
    /// one block (a residual block also holds its input for the sum).
    static func transformerInferenceFloatsPerPixel(_ architecture: Architecture) -> Double {
        var channels = 3
        var largest = 0.0
        for (block, input, output) in architecture.scales {
            let inputFloats = Double(channels) / Double(input * input)
            switch block {
            case let .convolution(_, _, c), let .down(c), let .up(c):
                largest = max(largest, inputFloats + Double(c) / Double(output * output))
                channels = c
            case let .residual(c):
                largest = max(largest, 3 * Double(c) / Double(output * output))
            }
        }
        return largest
    }

    /// Bytes of the network's parameters and their gradients (training adds Adam's two moments
    /// and the packed copy of both).
    static func parameterBytes(_ architecture: Architecture, training: Bool) -> Double {
        Double(architecture.convolutionWeights ?? Int.max) * 4 * (training ? 5 : 2)
    }

    /// Throws `InsufficientMemory` naming `settings` unless `bytes` fit.
    package static func require(
        _ bytes: Double, for what: @autoclosure () -> String, settings: @autoclosure () -> [(Setting, Any)]
    ) throws {
        let needed: Int? = bytes.isFinite && bytes < 0x1p63 ? Int(bytes.rounded(.up)) : nil
        do {
            try MemoryBudget.require(needed, for: what())
        } catch let error as MemoryLimitError {
            throw InsufficientMemory(settings(), error)
        }
    }

    /// A network of `architecture` (its parameters), before it is built.
    public static func requireNetwork(_ architecture: Architecture, training: Bool = false) throws {
        try require(
            parameterBytes(architecture, training: training),
            for:
                "building the network \(architecture) "
                + "(\(architecture.convolutionWeights.map(String.init) ?? "too many") parameters)",
            settings: [(.architecture, architecture)])
    }

    /// A training run of `settings`: the style targets at the style size, then each step on a
    /// batch of crops (the network's activations, the loss network's on the output and on the
    /// content), with the parameters and Adam's state.
    public static func requireTraining(_ settings: TrainingSettings) throws {
        let architecture = settings.network.architecture
        let (step, style, parameters) = trainingBytes(settings)
        // The message names the settings of the largest part.
        let what: String, named: [(Setting, Any)]
        if parameters >= max(step, style) {
            (what, named) = (
                "training the network's \(architecture.convolutionWeights.map(String.init) ?? "too many") parameters",
                [(.architecture, architecture)]
            )
        } else if step >= style {
            let side = settings.largestImageSize
            (what, named) = (
                "a training step on \(settings.batchSize) crops of \(side)² with the network \(architecture)",
                [(side == settings.imageSize ? .imageSize : .finalImageSize, side), (.batchSize, settings.batchSize)]
            )
        } else {
            (what, named) = (
                "computing the style's Gram targets at \(settings.styleSize ?? 0) pixels",
                [(.styleSize, settings.styleSize ?? 0)]
            )
        }
        try require(max(step, style) + parameters, for: what, settings: named)
    }

    /// Bytes of a training step's activations, of the style targets' computation, and of the
    /// parameters with their gradients and Adam's moments.
    static func trainingBytes(_ settings: TrainingSettings) -> (step: Double, style: Double, parameters: Double) {
        let loss = settings.loss
        let crop = Double(settings.largestImageSize) * Double(settings.largestImageSize)
        // The stability term stylizes each crop twice (the crop and its moved copy).
        let stylized = Double(settings.stability == nil ? 1 : 2)
        let step =
            4 * Double(settings.batchSize) * crop
            * (stylized * transformerFloatsPerPixel(settings.network.architecture)
                + floatsPerPixel(coveringAll: loss.layers) + floatsPerPixel(coveringAll: loss.contentLayers))
        let style =
            settings.styleSize.map { 4 * Double($0) * Double($0) * floatsPerPixel(coveringAll: loss.styleLayers) } ?? 0
        return (step, style, parameterBytes(settings.network.architecture, training: true))
    }

    /// Stylizing an image of `width`×`height` (after resizing) with `batch` images per pass of
    /// `passPixels` each (the padded image, or a tile).
    public static func requireStylizing(
        width: Int, height: Int, passPixels: Int, batch: Int, architecture: Architecture,
        name: String, settings: [(Setting, Any)]
    ) throws {
        try require(
            stylizingBytes(
                width: width, height: height, passPixels: passPixels, batch: batch, architecture: architecture),
            for: "stylizing \(name) at \(width)×\(height)", settings: settings)
    }

    /// Five copies of the image as floats (input, padded, output, clamped, blended), the
    /// network's largest block for each image of a pass, and the parameters.
    static func stylizingBytes(width: Int, height: Int, passPixels: Int, batch: Int, architecture: Architecture)
        -> Double
    {
        let image = 5 * 3 * 4 * Double(width) * Double(height)
        let pass = 4 * Double(batch) * Double(passPixels) * transformerInferenceFloatsPerPixel(architecture)
        return image + pass + parameterBytes(architecture, training: false)
    }

    /// The loss network's activations up to the deepest of `layers` for an image of
    /// `width`×`height`, with the image.
    public static func requireLossNetwork(
        width: Int, height: Int, layers: [String], name: String,
        settings: [(Setting, Any)]
    ) throws {
        let pixels = Double(width) * Double(height)
        try require(
            4 * pixels * (floatsPerPixel(coveringAll: layers) + 2 * 3),
            for: "running the loss network on \(name) at \(width)×\(height)", settings: settings)
    }

    /// A gradient of the image through the loss network up to `layer` (DeepDream, a neuron's
    /// visualization): the activations, their gradients and a few copies of the image.
    public static func requireGradientAscent(
        width: Int, height: Int, layer: String, name: String,
        settings: [(Setting, Any)]
    ) throws {
        let pixels = Double(width) * Double(height)
        try require(
            4 * pixels * (2 * lossNetworkFloatsPerPixel(through: layer) + 8 * 3),
            for: "\(name) at \(width)×\(height)", settings: settings)
    }

    /// The optimization of `settings` on an image of `width`×`height`.
    public static func requireOptimization(
        width: Int, height: Int, settings: OptimizationSettings, name: String,
        sizeSettings: [(Setting, Any)]
    ) throws {
        try require(
            optimizationBytes(width: width, height: height, settings: settings),
            for: "optimizing \(name) at \(width)×\(height)", settings: sizeSettings)
    }

    /// The loss network's activations and their gradients, the optimizer's history (L-BFGS: 2
    /// images per step it remembers; Adam: its two moments) and a few copies of the image.
    static func optimizationBytes(width: Int, height: Int, settings: OptimizationSettings) -> Double {
        let pixels = Double(width) * Double(height)
        let history = settings.method == .lbfgs ? 2 * Double(settings.historySize) : 2
        return 4 * pixels * (2 * floatsPerPixel(coveringAll: settings.loss.layers) + 3 * (history + 5))
    }
}
