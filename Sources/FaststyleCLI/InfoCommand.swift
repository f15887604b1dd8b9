import ArgumentParser
import Foundation
import StyleTransfer

/// `faststyle info CKPT.h5`: what a checkpoint holds, without loading the VGG or the network.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a checkpoint: network, training options, progress and losses.")

    @Argument(help: "A checkpoint written by `faststyle train`.")
    var checkpoint: String

    func run() throws {
        for line in CheckpointSummary(try Checkpoint.read(from: checkpoint)).lines { print(line) }
    }
}
