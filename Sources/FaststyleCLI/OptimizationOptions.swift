import ArgumentParser
import StyleTransfer

/// The optimizer, its iterations, step and seed, and how often to print: shared by optimize and
/// compare.
struct OptimizationOptions<Defaults: OptimizationDefaults>: ParsableArguments {
    @Option(help: "The optimizer: lbfgs or adam.")
    var optimizer: OptimizationSettings.Method = Defaults.settings.method

    @Option(parsing: .unconditional, help: "Iterations of the optimization (L-BFGS: one loss evaluation each).")
    var iterations: Int = Defaults.settings.iterations

    @Option(
        parsing: .unconditional,
        help: """
            Step: L-BFGS step length, Adam's step in pixel values (default: \
            \(OptimizationSettings.Method.allCases.map { "\($0.defaultLearningRate) for \($0.rawValue)" }
                .joined(separator: ", "))).
            """)
    var learningRate: Float?

    @Option(parsing: .unconditional, help: "Random seed of the noise initialization.")
    var seed: UInt64 = Defaults.settings.seed

    @Option(parsing: .unconditional, help: "Print the losses every N iterations.")
    var printEvery: Int = Defaults.printEvery

    func validate() throws {
        guard printEvery > 0 else { throw ValidationError("--print-every must be positive, got \(printEvery)") }
        var settings = Defaults.settings
        apply(to: &settings)
        try ErrorMessage.validating { try settings.validate() }
    }

    /// `settings` with the options given.
    func apply(to settings: inout OptimizationSettings) {
        settings.method = optimizer
        settings.iterations = iterations
        settings.learningRate = learningRate ?? optimizer.defaultLearningRate
        settings.seed = seed
    }

    /// The progress line of one iteration, after `prefix`; permanent every `printEvery`
    /// iterations and at the last.
    func show(_ p: OptimizationProgress, prefix: String = "", on display: inout ProgressDisplay) {
        let rate = Double(p.iteration) / max(p.seconds, 1e-9)
        let line =
            prefix
            + String(
                format: "iter %4d/%d  content %.4g  style %.4g  tv %.4g  total %.5g  %.2f it/s  ETA %@",
                p.iteration, p.iterations, p.terms.content, p.terms.style, p.terms.totalVariation,
                p.terms.total, rate, DurationText.format(Double(p.iterations - p.iteration) / rate))
        display.show(line, permanent: p.iteration % printEvery == 0 || p.iteration == p.iterations)
    }
}

extension OptimizationSettings.Method: ExpressibleByArgument {}
