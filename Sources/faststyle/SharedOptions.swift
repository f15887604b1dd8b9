import ArgumentParser
import Foundation
import Imaging
import StyleTransfer

/// `--vgg` and `--pooling`, for every command that uses the loss network.
struct LossNetworkOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The VGG weights (Keras HDF5 layout).",
                               discussion: "Default: $FASTSTYLE_VGG, else weights/vgg16.h5 of the repository."))
    var vgg: String?

    @Option(help: "Pooling in the loss network: max or avg.")
    var pooling: PoolingMode = .max

    var weightsPath: String { vgg ?? VGGWeights.defaultPath() }

    /// The loss network, built up to the deepest of `layers`.
    func makeNetwork(deepestOf layers: [String]) throws -> VGGLossNetwork {
        let path = weightsPath
        guard FileManager.default.fileExists(atPath: path) else { throw CommandError(VGGWeights.missingMessage(path)) }
        let order = (try? VGGLossNetwork.layerNames(of: VGGWeights.load(from: path, upTo: "block1_conv1").variant)) ?? []
        let deepest = layers.max { (order.firstIndex(of: $0) ?? Int.max) < (order.firstIndex(of: $1) ?? Int.max) } ?? layers[0]
        return try VGGLossNetwork(weightsPath: path, upTo: deepest, pooling: pooling)
    }
}

/// `--max-pixels`, for every command that reads images.
struct ImageReadingOptions: ParsableArguments {
    @Option(help: "Refuse images with more pixels than this (a guard against decompression bombs).")
    var maxPixels: Int = ImageReadOptions().maxPixels

    var readOptions: ImageReadOptions { ImageReadOptions(maxPixels: maxPixels) }
}

extension PoolingMode: ExpressibleByArgument {}

/// The loss weights and layers, shared by optimize, train and compare (same defaults, so their
/// losses are comparable).
struct LossOptions: ParsableArguments {
    private static let defaults = LossConfiguration()

    @Option(help: "Weight of the content (feature) loss.")
    var contentWeight: Float = defaults.contentWeight

    @Option(help: "Weight of the style (Gram) loss.")
    var styleWeight: Float = defaults.styleWeight

    @Option(help: "Weight of the total-variation smoothness loss.")
    var tvWeight: Float = defaults.totalVariationWeight

    @Option(help: "Comma-separated VGG layers of the content loss.")
    var contentLayers: String = defaults.contentLayers.joined(separator: ",")

    @Option(help: "Comma-separated VGG layers of the style loss.")
    var styleLayers: String = defaults.styleLayers.joined(separator: ",")

    @Option(help: "Comma-separated factors, one per style layer (default: all 1).")
    var styleLayerWeights: String?

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        for (name, value) in [("--content-weight", contentWeight), ("--style-weight", styleWeight), ("--tv-weight", tvWeight)] {
            guard value >= 0, value.isFinite else { throw ValidationError("\(name) must be a finite number ≥ 0, got \(value)") }
        }
        guard !Self.list(styleLayers).isEmpty, !Self.list(contentLayers).isEmpty else {
            throw ValidationError("--content-layers and --style-layers each need at least one layer")
        }
        if let styleLayerWeights {
            let weights = Self.list(styleLayerWeights).map { Float($0) }
            guard weights.count == Self.list(styleLayers).count, weights.allSatisfy({ $0 != nil && $0! >= 0 }) else {
                throw ValidationError("--style-layer-weights needs one number ≥ 0 per style layer (\(Self.list(styleLayers).count)), got '\(styleLayerWeights)'")
            }
        }
    }

    /// The configuration; a term without its image (no content, no style) is switched off.
    func configuration(hasContent: Bool = true, hasStyle: Bool = true) -> LossConfiguration {
        var c = LossConfiguration()
        c.contentLayers = Self.list(contentLayers)
        c.styleLayers = Self.list(styleLayers)
        c.styleLayerWeights = styleLayerWeights.map { Self.list($0).compactMap { Float($0) } }
            ?? [Float](repeating: 1, count: c.styleLayers.count)
        c.contentWeight = hasContent ? contentWeight : 0
        c.styleWeight = hasStyle ? styleWeight : 0
        c.totalVariationWeight = tvWeight
        return c
    }
}

/// A failure to report to the user as it is (no usage text).
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
