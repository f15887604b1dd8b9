import ArgumentParser
import Foundation
import StyleTransfer

/// `faststyle`: the command line. Each subcommand parses its options, hands them to the library
/// and prints what it reports.
public struct FastStyle: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "faststyle",
        abstract: "Fast neural style transfer on the CPU: train, stylize, optimize, compare.",
        version: versionText,
        subcommands: [
            TrainCommand.self, InfoCommand.self, StylizeCommand.self, ExportCommand.self, CombineCommand.self,
            ImportCommand.self, OptimizeCommand.self, CompareCommand.self, FlickerCommand.self, FeaturesCommand.self,
            DreamCommand.self, VisualizeCommand.self, WeightsCommand.self, BenchCommand.self, DatasetCommand.self,
        ]
    )

    /// The release, which the Debian package takes as its version.
    public static let version = "0.2.0"

    /// What `--version` prints: the release, the commit built (`buildCommit`, from the BuildCommit
    /// plugin) and the oneDNN it runs on, which decides its speed and numerics.
    static var versionText: String { "faststyle \(version) (commit \(buildCommit), oneDNN \(OneDNNVersion.text))" }

    public init() {}

    /// Parses the command line and runs the command; errors from the library are printed with
    /// `ErrorMessage` (and a non-zero exit status), the parser's own as it prints them.
    public static func main() {
        // A write beyond the file-size limit (`ulimit -f`) then fails with EFBIG and is reported
        // like a full disk, instead of the signal killing the process in the middle of a write.
        signal(SIGXFSZ, SIG_IGN)
        do {
            // Before anything runs on OpenMP's threads: how they wait is fixed when it loads.
            try ProgramRestart.restart(
                setting: OpenMPWaiting.settings(missingFrom: ProcessInfo.processInfo.environment),
                because: "OpenMP's wait policy")
            try ArgumentEncoding.requireUTF8()
            let commands = configuration.subcommands.map { $0.configuration.commandName ?? "" } + ["help"]
            if let word = CommandLine.arguments.dropFirst().first,
                let message = CommandSuggestion.message(for: word, commands: commands)
            {
                throw CommandError(message)
            }
            var command = try parseAsRoot()
            if let folder = CacheFolder.resolve() {
                ConvolutionChoices.warn = { Diagnostics.warning($0) }
                ConvolutionChoices.persist(in: folder, version: version)
            }
            try command.run()
        } catch let error as LocalizedError {
            exit(withError: CommandError(ErrorMessage.text(error)))
        } catch {
            exit(withError: error)
        }
    }
}
