import ArgumentParser
import Tensors

extension ConvolutionAlgorithm: ExpressibleByArgument {}
extension Precision: ExpressibleByArgument {}

/// `--conv-algorithm` and `--precision`, for every command that runs a network. Each command
/// gives its defaults (`features` is exact: it is the reference users compare against).
struct ConvolutionOptions: ParsableArguments {
    @Option(name: .customLong("conv-algorithm"),
            help: ArgumentHelp("Convolution algorithm: auto (the fastest of direct and Winograd per layer, measured at first use), direct or winograd (where oneDNN has it, else direct).",
                               valueName: "auto|direct|winograd"))
    var algorithm: ConvolutionAlgorithm?

    @Option(help: ArgumentHelp("Number format convolutions multiply in: auto (bf16 where the CPU has AVX512_BF16 and it measures faster, else fp32), fp32 or bf16 (needs AVX512_BF16). Everything else stays fp32.",
                               valueName: "auto|fp32|bf16"))
    var precision: Precision?

    /// The options as given, to pass on to another faststyle process.
    var arguments: [String] {
        (algorithm.map { ["--conv-algorithm", $0.rawValue] } ?? []) + (precision.map { ["--precision", $0.rawValue] } ?? [])
    }

    /// The policy these options ask for, over the command's defaults.
    func policy(algorithm defaultAlgorithm: ConvolutionAlgorithm = .auto, precision defaultPrecision: Precision = .auto) throws -> ConvolutionPolicy {
        do {
            return try ConvolutionPolicy(algorithm: algorithm ?? defaultAlgorithm, precision: precision ?? defaultPrecision)
        } catch let error as ConvolutionPolicyError {
            throw ValidationError("--precision: \(error)")
        }
    }
}
