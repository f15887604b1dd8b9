import FuzzSupport
import StyleTransfer

/// The architecture string (`--arch`, and a checkpoint's settings): the parser and its checks,
/// then what the rest of the program computes from an accepted architecture (its weights, scales
/// and size multiple, the working memory it needs). Small accepted networks are also built.
@main
enum FuzzArchitecture {
    static func main() {
        FuzzDriver.run { data in
            let text = String(decoding: data, as: UTF8.self)
            do {
                let architecture = try Architecture(named: text)
                _ = architecture.scales
                _ = architecture.sizeMultiple
                guard let weights = architecture.convolutionWeights else { return }
                try WorkingMemory.requireNetwork(architecture)
                if weights <= 100_000 {
                    var settings = TransformerSettings()
                    settings.architecture = architecture
                    _ = try TransformerNet(settings: settings)
                }
            } catch {
                requireClearError(error, naming: "")
            }
        }
    }
}
