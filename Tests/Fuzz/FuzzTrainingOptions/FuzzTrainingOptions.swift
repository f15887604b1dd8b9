import Foundation
import FuzzSupport
import StyleTransfer

/// The training options a checkpoint stores as JSON (`training_options`), read as
/// `Checkpoint.read` reads them: decoded (the architecture through its parser, the
/// normalization, padding and the other enumerations by name), validated, and the network's
/// working memory checked.
@main
enum FuzzTrainingOptions {
    static func main() {
        FuzzDriver.run { data in
            do {
                let options = try JSONDecoder().decode(TrainingOptions.self, from: Data(data))
                try options.validate()
                try WorkingMemory.requireNetwork(options.network.architecture)
                _ = options.styleNames
            } catch {
                requireClearError(error, naming: "")
            }
        }
    }
}
