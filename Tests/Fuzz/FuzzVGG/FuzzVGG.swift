import FuzzSupport
import StyleTransfer

/// The VGG weights reader (Keras HDF5 layout) as `weights verify` and the loss network use it:
/// the variant recognized from the layer names, every layer's kernel and bias checked and read.
@main
enum FuzzVGG {
    static func main() {
        let file = ScratchFile(name: "vgg16.h5")
        FuzzDriver.run { data in
            file.write(data)
            for error in VGGWeights.verify(path: file.path) {
                requireClearError(error, naming: file.path)
            }
            do {
                _ = try VGGWeights.load(from: file.path, upTo: "block1_conv1")
            } catch {
                requireClearError(error, naming: file.path)
            }
        }
    }
}
