import Foundation
import TestSupport
import XCTest

/// `--conv-algorithm` and `--precision` on CPUs that lack what they ask for, simulated by limiting
/// oneDNN's instruction set (DNNL_MAX_CPU_ISA) in the faststyle process.
final class ConvolutionPolicyCommandTests: XCTestCase {
    /// On an AVX2 CPU oneDNN 2.6 has no Winograd: asked for it, every pass runs direct, no error.
    func testWinogradFallsBackToDirectWithoutAVX512() throws {
        let result = try run(
            ["bench", "--worker", "conv:64x64", "--reps-scale", "0.3", "--conv-algorithm", "winograd"],
            environment: ["DNNL_MAX_CPU_ISA": "AVX2"])
        XCTAssertEqual(result.status, 0, result.error)
        let record = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let implementations = record?["implementations"] as? [String: String] ?? [:]
        XCTAssertEqual(Set(implementations.keys), ["fwd", "bwd_data", "bwd_weights"])
        for (pass, implementation) in implementations {
            XCTAssertTrue(implementation.hasPrefix("direct jit:avx2"), "\(pass): \(implementation)")
        }
    }

    /// Without AVX512_BF16, precision auto means fp32 and bf16 is a clear error.
    func testBFloat16WithoutNativeSupport() throws {
        let noBF16 = ["DNNL_MAX_CPU_ISA": "AVX512_CORE"]
        let refused = try run(["bench", "--worker", "conv:64x64", "--precision", "bf16"], environment: noBF16)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.error.contains("--precision") && refused.error.contains("AVX512_BF16"), refused.error)
        let automatic = try run(
            ["bench", "--worker", "conv:64x64", "--reps-scale", "0.3", "--precision", "auto"], environment: noBF16)
        XCTAssertEqual(automatic.status, 0, automatic.error)
        XCTAssertFalse(automatic.output.contains("bf16 jit"), automatic.output)
        XCTAssertTrue(automatic.output.contains("precision fp32"), automatic.output)
    }
}
