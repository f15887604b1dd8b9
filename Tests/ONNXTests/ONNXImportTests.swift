import Foundation
import Imaging
@testable import ONNX
import StyleTransfer
import TestSupport
import XCTest

/// pytorch/examples' TransformerNet exported by `torch.onnx.export` at opsets 9, 11 and 17
/// (Fixtures/make_fixtures.py), imported and run by faststyle on a 45×37 photograph, against
/// PyTorch's own output.
final class ONNXImportTests: XCTestCase {
    static func fixture(_ name: String) -> String { TestPaths.fixture(name, of: "ONNXTests") }

    /// PyTorch's output on content.png (3 × 37 × 45, planar).
    static func pytorchOutput() throws -> [Float] {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture("pytorch_output.f32")))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    /// The mean and largest difference of two outputs as 8-bit images would hold them (clamped to [0, 255]).
    static func levels(_ a: [Float], _ b: [Float]) -> (mean: Float, max: Float) {
        precondition(a.count == b.count)
        let differences = zip(a, b).map { abs(min(max($0, 0), 255) - min(max($1, 0), 255)) }
        return (differences.reduce(0, +) / Float(differences.count), differences.max() ?? 0)
    }

    func testExamplesTransformerNetAtEveryOpsetMatchesPyTorch() throws {
        let content = try Image(contentsOf: Self.fixture("content.png"))
        XCTAssertEqual([content.width, content.height], [45, 37])
        let expected = try Self.pytorchOutput()
        XCTAssertEqual(expected.count, 3 * 45 * 37)
        for opset in [9, 11, 17] {
            let path = Self.fixture("examples_opset\(opset).onnx")
            let checkpoint = try ONNXImport.checkpoint(fromFile: path)
            let network = checkpoint.settings.network
            XCTAssertEqual(
                network.architecture.description, "c9s1-8,d16,d32,R32,R32,R32,R32,R32,u16,u8,c9s1-3", "opset \(opset)")
            XCTAssertEqual(network.normalization, .instance)
            XCTAssertEqual(network.padding, .reflection)
            XCTAssertEqual(network.upsampling, .nearest)
            XCTAssertEqual(network.outputActivation, .linear)
            let output = try Stylizer(checkpoint: checkpoint, path: path).forward([content]).images[0]
            let (mean, largest) = Self.levels(output.pixels, expected)
            XCTAssertLessThan(mean, 0.5, "opset \(opset)")
            XCTAssertLessThan(largest, 2, "opset \(opset)")
            print("opset \(opset): faststyle vs PyTorch: mean \(mean), max \(largest) levels of 255")
        }
    }
}
