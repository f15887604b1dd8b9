import Foundation
import FuzzSupport
import StyleTransfer

/// The training settings a checkpoint stores as JSON (`training_options`), read as
/// `Checkpoint.read` reads them: decoded (the architecture through its parser, the
/// normalization, padding and the other enumerations by name), validated, and the network's
/// working memory checked.
@main
enum FuzzTrainingOptions {
    static func main() {
        FuzzDriver.run { data in
            do {
                let settings = try JSONDecoder().decode(TrainingSettings.self, from: Data(data))
                try settings.validate()
                try WorkingMemory.requireNetwork(settings.network.architecture)
                _ = settings.styleNames
            } catch {
                requireClearError(error, naming: "")
            }
        }
    }
}
