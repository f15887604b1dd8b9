import ArgumentParser
import StyleTransfer

/// The loss weights, layers and the loss network's pooling, shared by optimize, train and
/// compare. Each option left out keeps the base settings' value (`Defaults` says which).
struct LossOptions<Defaults: LossDefaults>: ParsableArguments {
    /// "default: VALUE", VALUE the library's default, or where `Defaults` takes them from.
    private static func defaultText(_ value: String) -> String { "default: \(Defaults.source ?? value)" }
    private static var library: LossSettings { LossSettings() }

    @Option(
        parsing: .unconditional,
        help: "Weight of the content (feature) loss (\(defaultText("\(library.contentWeight)"))).")
    var contentWeight: Float?

    @Option(
        parsing: .unconditional, help: "Weight of the style (Gram) loss (\(defaultText("\(library.styleWeight)"))).")
    var styleWeight: Float?

    @Option(
        parsing: .unconditional,
        help: "Weight of the total-variation smoothness loss (\(defaultText("\(library.totalVariationWeight)"))).")
    var tvWeight: Float?

    @Option(
        help: """
            Comma-separated VGG layers of the content loss \
            (\(defaultText(library.contentLayers.joined(separator: ",")))).
            """
    )
    var contentLayers: String?

    @Option(
        help:
            "Comma-separated VGG layers of the style loss (\(defaultText(library.styleLayers.joined(separator: ","))))."
    )
    var styleLayers: String?

    @Option(
        help: """
            Comma-separated factors, one per style layer (default: \
            \(Defaults.source.map { "all 1 when --style-layers is given, else \($0)" } ?? "all 1")).
            """
    )
    var styleLayerWeights: String?

    @Option(help: "Pooling in the loss network: max or avg (\(defaultText(library.pooling.rawValue))).")
    var pooling: PoolingMode?

    /// The settings given (to tell a resumed run's conflicts).
    var givenSettings: Set<Setting> {
        let given: [(Any?, Setting)] = [
            (contentWeight, .contentWeight), (styleWeight, .styleWeight), (tvWeight, .totalVariationWeight),
            (contentLayers, .contentLayers), (styleLayers, .styleLayers),
            (styleLayerWeights, .styleLayerWeights), (pooling, .pooling),
        ]
        return Set(given.compactMap { $0.0 == nil ? nil : $0.1 })
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        _ = try settings()
    }

    /// `base` with the options given; a term without its image (no content, no style) is
    /// switched off. Throws a usage error for a setting the loss cannot take.
    func settings(
        over base: LossSettings = LossSettings(), hasContent: Bool = true,
        hasStyle: Bool = true
    ) throws -> LossSettings {
        var c = base
        if let contentLayers { c.contentLayers = Self.list(contentLayers) }
        if let styleLayers {
            c.styleLayers = Self.list(styleLayers)
            c.styleLayerWeights = [Float](repeating: 1, count: c.styleLayers.count)
        }
        if let styleLayerWeights {
            let factors = Self.list(styleLayerWeights).map { Float($0) }
            guard factors.allSatisfy({ $0 != nil }) else {
                throw ValidationError("--style-layer-weights needs comma-separated numbers, got '\(styleLayerWeights)'")
            }
            c.styleLayerWeights = factors.compactMap { $0 }
        }
        if let contentWeight { c.contentWeight = contentWeight }
        if let styleWeight { c.styleWeight = styleWeight }
        if let tvWeight { c.totalVariationWeight = tvWeight }
        if let pooling { c.pooling = pooling }
        if !hasContent { c.contentWeight = 0 }
        if !hasStyle { c.styleWeight = 0 }
        try ErrorMessage.validating { try c.validate() }
        return c
    }
}

extension PoolingMode: ExpressibleByArgument {}
