import ArgumentParser
import Foundation
import ONNX
import StyleTransfer

/// `faststyle info CKPT.h5`: what a checkpoint holds, without loading the VGG or the network.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a checkpoint: network, training options, progress and losses.")

    @Argument(help: "A checkpoint written by `faststyle train` or `faststyle export`, or an ONNX model.")
    var checkpoint: String

    func run() throws {
        for line in CheckpointSummary(try NetworkFile.checkpoint(at: checkpoint)).lines { print(line) }
    }
}
