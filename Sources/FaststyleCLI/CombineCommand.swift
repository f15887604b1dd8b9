import ArgumentParser
import ONNX
import Platform
import StyleTransfer

/// `faststyle combine A.h5 B.h5 … -o styles.h5`: networks that share their convolutions as one
/// network of all their styles.
struct CombineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combine",
        abstract: "Combine networks that share their convolutions into one network of all their styles.",
        discussion: """
            A style trained from the built-in styles' network with `faststyle train --style new.jpg --from \
            weights/styles.h5 --train norm` keeps that network's convolutions, so it can join it: \
            `faststyle combine weights/styles.h5 runs/new.h5 -o runs/my_styles.h5` writes a model-only network \
            whose styles are the base's and `new`, each chosen with `stylize --style NAME`. Networks whose \
            convolutions differ (trained with --train all, or from random weights) cannot combine.
            """)

    @Argument(help: "The networks (checkpoints, full or model-only), in the order their styles are to have.")
    var networks: [String]

    @Option(name: .shortAndLong, help: "The combined network (.h5, model-only).")
    var output: String

    @Flag(help: "Store the weights as float16 (half the file).")
    var half = false

    func validate() throws {
        guard networks.count >= 2 else { throw ValidationError("give at least two networks to combine") }
        guard output.lowercased().hasSuffix(".h5") || output.lowercased().hasSuffix(".hdf5") else {
            throw ValidationError("-o must be a checkpoint file (.h5)")
        }
        if networks.contains(output) { throw ValidationError("-o must not be one of the networks combined") }
    }

    func run() throws {
        try OutputFiles.requireNamed(output, as: .checkpoint, inputs: networks)
        let combined = try Checkpoint.combining(try networks.map(NetworkFile.checkpoint(at:)), paths: networks)
        try combined.write(to: output, halfPrecision: half)
        print(
            "combine: \(combined.settings.network.styles) styles "
                + "(\(combined.settings.styleNames.joined(separator: ", "))) -> \(output)"
        )
    }
}
