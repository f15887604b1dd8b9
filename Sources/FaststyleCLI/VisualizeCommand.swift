import ArgumentParser

/// `faststyle visualize`: pictures of what the loss network's layers respond to.
struct VisualizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visualize",
        abstract:
            "Pictures of what the VGG loss network sees: its first filters, a neuron's favourite image, the patches "
            + "that excite a channel.",
        subcommands: [VisualizeFiltersCommand.self, VisualizeNeuronCommand.self, VisualizePatchesCommand.self])
}
