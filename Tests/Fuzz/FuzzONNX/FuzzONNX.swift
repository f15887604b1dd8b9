import FuzzSupport
import ONNX
import StyleTransfer

/// ONNX import as `faststyle stylize --model X.onnx` and `faststyle import` do it: the protobuf,
/// the graph matched to an architecture, the constants folded, every shape checked
/// (`NetworkFile.checkpoint(at:)`); an accepted model is then loaded into a network
/// (`Stylizer`), which checks the parameters against the architecture once more.
@main
enum FuzzONNX {
    static func main() {
        let file = ScratchFile(name: "input.onnx")
        FuzzDriver.run { data in
            file.write(data)
            do {
                var checkpoint = try NetworkFile.checkpoint(at: file.path)
                if checkpoint.settings.network.styles > 1 {
                    checkpoint = try checkpoint.selecting(
                        StyleMix(name: checkpoint.settings.styleNames[0]), path: file.path)
                }
                _ = try Stylizer(checkpoint: checkpoint, path: file.path)
            } catch {
                requireClearError(error, naming: file.path)
            }
        }
    }
}
