import CDNNL
import Foundation

/// Which algorithms a network's convolutions may use.
public enum ConvolutionAlgorithm: String, CaseIterable, Sendable {
    /// For each layer, the fastest of direct and Winograd (measured at first use).
    case auto
    /// The direct convolution: exact to float rounding, every shape.
    case direct
    /// Winograd F(4×4, 3×3) wherever oneDNN has it for the layer (3×3, stride 1, on AVX-512
    /// CPUs) or, for stylizing on CPUs without AVX-512, `WinogradConvolution`; direct elsewhere.
    /// 4× fewer multiplies (36 per 16 outputs instead of 144), slightly larger rounding errors.
    case winograd
}

/// The number format convolutions multiply in. Everything else — activations between layers,
/// parameters, gradients, optimizer state, normalization statistics, Gram matrices and losses —
/// stays float32 whatever this says.
public enum Precision: String, CaseIterable, Sendable {
    /// bfloat16 where the CPU multiplies it natively (AVX512_BF16), float32 elsewhere.
    case auto
    case fp32
    /// bfloat16 inputs and weights (8-bit mantissa), float32 accumulation and outputs; needs
    /// AVX512_BF16.
    case bf16
    /// For stylizing only: the transformation network's convolutions multiply 8-bit integers
    /// (`QuantizedConvolution`; activations per tensor, weights per output channel), float32
    /// elsewhere and wherever oneDNN has no fast int8 kernel; training refuses it.
    case int8
}

/// What a network's convolutions may do to be fast: the algorithms and number formats allowed.
/// Among those oneDNN implements for a layer's shape on this CPU, each pass (forward,
/// backward-data, backward-weights) uses the fastest, measured on its first call (see
/// `ConvolutionKernel`):
///
/// | precision \ algorithm | direct | winograd | auto |
/// |---|---|---|---|
/// | fp32 | direct fp32 (exact) | Winograd where it exists, else direct | the faster of the two |
/// | bf16 | direct bf16 | Winograd where it exists, else direct bf16 | the faster of Winograd and direct bf16 |
/// | auto | the faster of direct fp32 and bf16 | as winograd/bf16 | the fastest of all three |
///
/// (precision auto is fp32 on a CPU without AVX512_BF16). `exact` allows only the direct float32
/// convolution: what the numerical references, gradient checks and `faststyle features` use.
public struct ConvolutionPolicy: Hashable, Sendable, CustomStringConvertible {
    public let algorithm: ConvolutionAlgorithm
    /// Resolved for this CPU: `.auto` only where bfloat16 is native.
    public let precision: Precision

    public static let exact = ConvolutionPolicy(algorithm: .direct, resolvedPrecision: .fp32)
    static let winogradOnly = ConvolutionPolicy(algorithm: .winograd, resolvedPrecision: .fp32)

    private init(algorithm: ConvolutionAlgorithm, resolvedPrecision: Precision) {
        self.algorithm = algorithm
        self.precision = resolvedPrecision
    }

    /// Throws when `precision` is bf16 and this CPU has no native bfloat16 arithmetic.
    public init(algorithm: ConvolutionAlgorithm, precision: Precision) throws {
        switch precision {
        case .fp32: self.init(algorithm: algorithm, resolvedPrecision: .fp32)
        case .auto: self.init(algorithm: algorithm, resolvedPrecision: CPUFeatures.hasNativeBF16 ? .auto : .fp32)
        case .bf16:
            guard CPUFeatures.hasNativeBF16 else { throw ConvolutionPolicyError.noNativeBF16(isa: CPUFeatures.isaName) }
            self.init(algorithm: algorithm, resolvedPrecision: .bf16)
        case .int8: self.init(algorithm: algorithm, resolvedPrecision: .int8)
        }
    }

    /// Whether this policy can only ever give the direct float32 result.
    public var isExact: Bool { algorithm == .direct && precision == .fp32 }

    public var description: String { "conv-algorithm \(algorithm.rawValue), precision \(precision.rawValue)" }

    /// The variants a pass may try, in the order they are tried. When oneDNN implements none of
    /// them for a shape on this CPU, the pass runs direct in float32, which exists for every shape.
    func variants(kernelSize: Int, stride: Int, transposed: Bool) -> [ConvolutionVariant] {
        let winogradShape = kernelSize == 3 && stride == 1 && !transposed
        var variants: [ConvolutionVariant] = []
        if algorithm != .direct, winogradShape { variants.append(.winograd) }
        if algorithm == .winograd, winogradShape { return variants }
        switch precision {
        case .fp32, .int8: variants.append(.direct)
        case .bf16: variants.append(.bf16)
        case .auto: variants += [.bf16, .direct]
        }
        return variants
    }
}

/// One way to compute a convolution pass.
enum ConvolutionVariant: String, Hashable, Sendable {
    /// Direct, float32.
    case direct
    /// Winograd F(4×4, 3×3), float32.
    case winograd
    /// Direct, bfloat16 inputs and weights, float32 accumulation and output.
    case bf16

    var algorithm: dnnl_alg_kind_t { self == .winograd ? dnnl_convolution_winograd : dnnl_convolution_direct }
    var dataType: dnnl_data_type_t { self == .bf16 ? dnnl_bf16 : dnnl_f32 }
}

public enum ConvolutionPolicyError: Error, Equatable, CustomStringConvertible {
    case noNativeBF16(isa: String)

    public var description: String {
        switch self {
        case let .noNativeBF16(isa):
            return
                "precision bf16 needs a CPU with AVX512_BF16 instructions; this one offers oneDNN \(isa) (use "
                + "precision fp32, or auto, which means fp32 here)"
        }
    }
}

/// What oneDNN can dispatch to on this CPU (`DNNL_MAX_CPU_ISA` lowers it, e.g. for tests).
public enum CPUFeatures {
    /// Whether oneDNN multiplies bytes with VNNI's dot products into 32-bit sums (AVX512_VNNI or
    /// AVX-VNNI).
    public static let hasVNNI: Bool = {
        let isa = dnnl_get_effective_cpu_isa().rawValue
        return [dnnl_cpu_isa_avx512_core_vnni, dnnl_cpu_isa_avx2_vnni].contains { isa & $0.rawValue == $0.rawValue }
    }()

    public static let hasNativeBF16: Bool = {
        let isa = dnnl_get_effective_cpu_isa().rawValue
        return isa & dnnl_cpu_isa_avx512_core_bf16.rawValue == dnnl_cpu_isa_avx512_core_bf16.rawValue
    }()

    /// oneDNN's name for the instruction set it uses, e.g. "avx512_core_bf16".
    public static var isaName: String {
        let names: [(dnnl_cpu_isa_t, String)] = [
            (dnnl_cpu_isa_avx512_core_amx, "avx512_core_amx"), (dnnl_cpu_isa_avx512_core_bf16, "avx512_core_bf16"),
            (dnnl_cpu_isa_avx512_core_vnni, "avx512_core_vnni"), (dnnl_cpu_isa_avx512_core, "avx512_core"),
            (dnnl_cpu_isa_avx2_vnni, "avx2_vnni"), (dnnl_cpu_isa_avx2, "avx2"), (dnnl_cpu_isa_avx, "avx"),
            (dnnl_cpu_isa_sse41, "sse41"),
        ]
        let isa = dnnl_get_effective_cpu_isa().rawValue
        return names.first { isa & $0.0.rawValue == $0.0.rawValue }?.1 ?? "no vector extensions"
    }

    /// The CPU's model name as /proc/cpuinfo gives it ("AMD EPYC 9R14 …"; empty where unknown).
    public static let modelName: String = cpuinfoField("model name")

    /// The CPU's feature flags as /proc/cpuinfo lists them ("fpu vme … avx512f …").
    public static let flags: String = cpuinfoField("flags")

    /// The first processor's `name` field of /proc/cpuinfo.
    private static func cpuinfoField(_ name: String) -> String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        for line in info.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return ""
    }
}
