import ArgumentParser
import Foundation
import Imaging
import StyleTransfer

/// `--vgg` and `--pooling`, for every command that uses the loss network.
struct LossNetworkOptions: ParsableArguments {
    @OptionGroup var weights: VGGWeightsOption

    @Option(help: "Pooling in the loss network: max or avg.")
    var pooling: PoolingMode = .max

    var weightsPath: String { weights.path }

    /// The loss network, built up to the deepest of `layers`.
    func makeNetwork(deepestOf layers: [String]) throws -> VGGLossNetwork {
        let path = weightsPath
        guard FileManager.default.fileExists(atPath: path) else { throw WeightsError.missing(path) }
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
/// losses are comparable). Each option left out keeps the base configuration's value: the
/// defaults for train and optimize, the checkpoint's for compare.
struct LossOptions: ParsableArguments {
    private static let defaults = LossConfiguration()

    @Option(help: "Weight of the content (feature) loss (default: \(defaults.contentWeight); compare: the checkpoint's).")
    var contentWeight: Float?

    @Option(help: "Weight of the style (Gram) loss (default: \(defaults.styleWeight); compare: the checkpoint's).")
    var styleWeight: Float?

    @Option(help: "Weight of the total-variation smoothness loss (default: \(defaults.totalVariationWeight); compare: the checkpoint's).")
    var tvWeight: Float?

    @Option(help: "Comma-separated VGG layers of the content loss (default: \(defaults.contentLayers.joined(separator: ",")); compare: the checkpoint's).")
    var contentLayers: String?

    @Option(help: "Comma-separated VGG layers of the style loss (default: \(defaults.styleLayers.joined(separator: ",")); compare: the checkpoint's).")
    var styleLayers: String?

    @Option(help: "Comma-separated factors, one per style layer (default: all 1 when --style-layers is given, else the base's).")
    var styleLayerWeights: String?

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        for (name, value) in [("--content-weight", contentWeight), ("--style-weight", styleWeight), ("--tv-weight", tvWeight)] {
            if let value, !(value >= 0 && value.isFinite) { throw ValidationError("\(name) must be a finite number ≥ 0, got \(value)") }
        }
        for (name, value) in [("--content-layers", contentLayers), ("--style-layers", styleLayers)] {
            if let value, Self.list(value).isEmpty { throw ValidationError("\(name) needs at least one layer") }
        }
        if let styleLayerWeights {
            let weights = Self.list(styleLayerWeights).map { Float($0) }
            guard weights.allSatisfy({ $0 != nil && $0! >= 0 }) else {
                throw ValidationError("--style-layer-weights needs numbers ≥ 0, got '\(styleLayerWeights)'")
            }
            if let styleLayers, weights.count != Self.list(styleLayers).count {
                throw ValidationError("--style-layer-weights needs one number per style layer (\(Self.list(styleLayers).count)), got '\(styleLayerWeights)'")
            }
        }
    }

    /// `base` with the options given; a term without its image (no content, no style) is
    /// switched off.
    func configuration(over base: LossConfiguration = LossConfiguration(), hasContent: Bool = true, hasStyle: Bool = true) throws -> LossConfiguration {
        var c = base
        if let contentLayers { c.contentLayers = Self.list(contentLayers) }
        if let styleLayers {
            c.styleLayers = Self.list(styleLayers)
            c.styleLayerWeights = [Float](repeating: 1, count: c.styleLayers.count)
        }
        if let styleLayerWeights { c.styleLayerWeights = Self.list(styleLayerWeights).compactMap { Float($0) } }
        guard c.styleLayerWeights.count == c.styleLayers.count else {
            throw ValidationError("--style-layer-weights needs one number per style layer (\(c.styleLayers.joined(separator: ","))), got \(c.styleLayerWeights.count)")
        }
        if let contentWeight { c.contentWeight = contentWeight }
        if let styleWeight { c.styleWeight = styleWeight }
        if let tvWeight { c.totalVariationWeight = tvWeight }
        if !hasContent { c.contentWeight = 0 }
        if !hasStyle { c.styleWeight = 0 }
        return c
    }
}

/// A failure to report to the user as it is (no usage text).
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
