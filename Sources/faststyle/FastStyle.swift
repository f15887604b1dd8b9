import ArgumentParser

@main
struct FastStyle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faststyle",
        abstract: "Fast neural style transfer on the CPU: train, stylize, optimize, compare.",
        subcommands: [TrainCommand.self, InfoCommand.self, StylizeCommand.self, OptimizeCommand.self, CompareCommand.self, FeaturesCommand.self, WeightsCommand.self, BenchCommand.self, DatasetCommand.self]
    )
}
