import ArgumentParser

/// `faststyle visualize`: pictures of what the loss network responds to.
struct VisualizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visualize",
        abstract: "Pictures of what the VGG loss network's units respond to.",
        subcommands: [VisualizePatchesCommand.self])
}
