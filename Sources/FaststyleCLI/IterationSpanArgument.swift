import ArgumentParser
import StyleTransfer

/// `--final-iterations` and `--lr-cooldown`: a number of iterations ("700") or a share of the
/// run's iterations ("8%").
extension IterationSpan: ExpressibleByArgument {
    public init?(argument: String) {
        if argument.hasSuffix("%") {
            guard let percent = Double(argument.dropLast()), percent > 0, percent <= 100 else { return nil }
            self = .share(percent / 100)
        } else {
            guard let count = Int(argument) else { return nil }
            self = .iterations(count)
        }
    }
}
