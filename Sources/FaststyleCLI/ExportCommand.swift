import ArgumentParser
import ONNX
import Platform
import StyleTransfer

/// `faststyle export CKPT -o model.onnx|model.h5`: a trained network for other programs (ONNX)
/// or as a small checkpoint with only what stylizing needs.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a trained network as an ONNX model or a small model-only checkpoint.",
        discussion: """
            -o model.onnx writes an ONNX model (opset 17) that onnxruntime, OpenCV and onnxruntime-web run: \
            input `input` and output `output`, float32 (N, 3, H, W), RGB in [0, 255], any N, H and W (H and W \
            multiples of 4 for the default network); the output is not clamped. -o model.h5 writes a model-only \
            checkpoint: the network without Adam's moments and the style targets, which `stylize`, `compare` \
            (given a style image) and `info` read. The checkpoint may also be an ONNX model.

            From a network of several styles, --style NAME exports one of them and --blend a blend, each as a \
            network of one style; -o model.h5 without either keeps every style.
            """)

    @Argument(help: "A checkpoint written by `faststyle train` (full or model-only), or an ONNX model.")
    var checkpoint: String

    @Option(name: .shortAndLong, help: "The output: model.onnx (ONNX) or model.h5 (model-only checkpoint).")
    var output: String

    @Flag(help: "Write a model-only checkpoint (what a .h5 output always is).")
    var modelOnly = false

    @Flag(
        help: "Store the weights as float16: half the file, float32 arithmetic (values rounded to 11 significant bits)."
    )
    var half = false

    @OptionGroup var styleChoice: StyleChoiceOptions

    func validate() throws {
        try ErrorMessage.validating { _ = try NetworkExport.format(of: output) }
    }

    func run() throws {
        try OutputFiles.requireNamed(output, as: .network, inputs: [checkpoint])
        var network = try NetworkFile.checkpoint(at: checkpoint)
        let mix = try styleChoice.mix()
        // ONNX holds one style; a checkpoint may keep them all.
        if try mix != nil || NetworkExport.format(of: output) == .onnx {
            network = try network.selecting(mix, path: checkpoint)
        }
        try NetworkExport.write(network, to: output, halfPrecision: half, source: checkpoint)
        print("export: \(network.settings.network.architecture) -> \(output)\(half ? " (float16 weights)" : "")")
    }
}

/// `faststyle import model.onnx -o model.h5`: an ONNX model of the TransformerNet family as a
/// model-only checkpoint.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Read an ONNX style network (pytorch/examples' TransformerNet, the ONNX Model Zoo's fast neural style "
            + "models, faststyle's exports) into a model-only checkpoint.",
        discussion: """
            The graph is mapped to faststyle's layers by its structure (Pad, Conv, InstanceNormalization or \
            BatchNormalization, Relu, Add, Upsample or Resize, ConvTranspose) and every shape is checked; a graph \
            of another kind is refused with the node and op it cannot take. `faststyle stylize` also reads the \
            ONNX model directly.
            """)

    @Argument(help: "An ONNX model.")
    var model: String

    @Option(name: .shortAndLong, help: "The checkpoint to write (.h5).")
    var output: String

    @Flag(help: "Store the weights as float16 (half the file).")
    var half = false

    func validate() throws {
        guard (try? NetworkExport.format(of: output)) == .modelCheckpoint else {
            throw ValidationError("-o must name a .h5 checkpoint, got \(output)")
        }
    }

    func run() throws {
        try OutputFiles.requireNamed(output, as: .checkpoint, inputs: [model])
        let network = try ONNXImport.checkpoint(fromFile: model)
        try NetworkExport.write(network, to: output, halfPrecision: half, source: model)
        print("import: \(network.settings.network.architecture) -> \(output)")
    }
}
