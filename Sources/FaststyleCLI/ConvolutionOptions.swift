import ArgumentParser
import StyleTransfer

extension ConvolutionAlgorithm: ExpressibleByArgument {}
extension Precision: ExpressibleByArgument {}

/// A command's default convolution policy, measured per command (see docs/speed.md): the
/// fastest everywhere the result stays within the quality targets, exact where the numbers are
/// the product (`features`), Winograd in float32 where losses are reported (`compare`).
protocol ConvolutionDefaults {
    static var algorithm: ConvolutionAlgorithm { get }
    static var precision: Precision { get }
    /// Whether `--precision int8` applies (commands that only run networks forward).
    static var takesInt8: Bool { get }
}

extension ConvolutionDefaults {
    static var takesInt8: Bool { false }
}

/// train, stylize, optimize, bench: everything allowed, each layer the fastest.
enum FastestConvolutions: ConvolutionDefaults {
    static let algorithm = ConvolutionAlgorithm.auto
    static let precision = Precision.auto
}

/// stylize, bench: the fastest, and int8 on request.
enum StylizeConvolutions: ConvolutionDefaults {
    static let algorithm = ConvolutionAlgorithm.auto
    static let precision = Precision.auto
    static let takesInt8 = true
}

/// compare: its losses are figures to compare, so no bfloat16 (Winograd's errors are ~1e-6).
enum Float32Convolutions: ConvolutionDefaults {
    static let algorithm = ConvolutionAlgorithm.auto
    static let precision = Precision.fp32
}

/// features: the reference users compare against. visualize patches: its ranking is the product,
/// and on many small photographs of a few sizes direct was also the faster (13.8 s against 16.7 s
/// for 113 photographs at relu3_3, measuring each new size included).
enum ExactConvolutions: ConvolutionDefaults {
    static let algorithm = ConvolutionAlgorithm.direct
    static let precision = Precision.fp32
}

/// `--conv-algorithm` and `--precision`, for every command that runs a network.
struct ConvolutionOptions<Defaults: ConvolutionDefaults>: ParsableArguments {
    @Option(
        name: .customLong("conv-algorithm"),
        help: ArgumentHelp(
            "Convolution algorithm: auto (per layer the faster of direct and Winograd, measured on first use), "
                + "direct, or winograd (where oneDNN has it, else direct). (default: \(Defaults.algorithm.rawValue))",
            valueName: "auto|direct|winograd"))
    var algorithm: ConvolutionAlgorithm?

    @Option(
        help: ArgumentHelp(
            "Number format convolutions multiply in: auto (bf16 where the CPU has AVX512_BF16 and a layer runs faster "
                + "in it, else fp32), fp32, or bf16 (needs AVX512_BF16)"
                + (Defaults.takesInt8
                    ? "; int8: 8-bit integers (faster, within about a level of 255 of fp32; docs/speed.md)" : "")
                + ". Everything else stays fp32. (default: \(Defaults.precision.rawValue))",
            valueName: Defaults.takesInt8 ? "auto|fp32|bf16|int8" : "auto|fp32|bf16"))
    var precision: Precision?

    /// The options as given, to pass on to another faststyle process.
    var arguments: [String] {
        (algorithm.map { ["--conv-algorithm", $0.rawValue] } ?? [])
            + (precision.map { ["--precision", $0.rawValue] } ?? [])
    }

    /// An impossible policy (bf16 on a CPU without it, int8 where a network is trained or
    /// differentiated) is refused before any work.
    func validate() throws {
        if precision == .int8, !Defaults.takesInt8 {
            throw ValidationError("--precision int8 is for stylizing only (stylize, bench); use fp32, bf16 or auto")
        }
        _ = try policy()
    }

    /// The policy these options ask for, over the command's defaults.
    func policy() throws -> ConvolutionPolicy {
        do {
            return try ConvolutionPolicy(
                algorithm: algorithm ?? Defaults.algorithm, precision: precision ?? Defaults.precision)
        } catch let error as ConvolutionPolicyError {
            throw ValidationError("--precision: \(error)")
        }
    }
}
