import ArgumentParser
import FaststyleCLI
import FuzzSupport

/// The command line: each line of the input is one argument (the first, the command), parsed
/// and validated as `faststyle` does before it runs anything (`FastStyle.parseAsRoot`): the
/// durations, iteration spans, blends, architecture strings, sizes, thresholds and the checks
/// between options. Nothing is run.
@main
enum FuzzOptions {
    static func main() {
        FuzzDriver.run { data in
            let arguments = String(decoding: data, as: UTF8.self).split(
                separator: "\n", omittingEmptySubsequences: false
            ).map(String.init)
            do {
                _ = try FastStyle.parseAsRoot(arguments)
            } catch {
                _ = FastStyle.message(for: error)
            }
        }
    }
}
