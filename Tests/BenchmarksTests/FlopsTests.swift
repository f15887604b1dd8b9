import Foundation
import StyleTransfer
import Tensors
import TestSupport
import XCTest
@testable import Benchmarks

/// The bench's FLOP counts are those of ../shared/bench/flops.py, which PyTorch's figures use:
/// Fixtures/flops.json holds its numbers (Fixtures/make_flops.py writes it from flops.py).
final class FlopsTests: XCTestCase {
    private struct Fixture: Decodable, Equatable {
        struct Train: Decodable, Equatable {
            var conv_gflop: Double
            var conv_gflop_parts: [String: Double]
        }
        var stylize: [String: Double]
        var train_batch4: [String: Train]
        var gatys: [String: Double]
        var conv_batch4_128_channels: [String: Double]
    }

    private static let fixturePath = TestPaths.fixture("flops.json", of: "BenchmarksTests")

    private func fixture() throws -> Fixture {
        try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: URL(fileURLWithPath: Self.fixturePath)))
    }

    /// Width and height of "WxH".
    private func size(_ name: String) -> (width: Int, height: Int) {
        let parts = name.split(separator: "x").map { Int($0)! }
        return (parts[0], parts[1])
    }

    private func assertClose(
        _ ours: Double, _ theirs: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(ours, theirs, accuracy: 1e-12 * theirs, what, file: file, line: line)
    }

    func testStylizeIsOneForwardPassOfTheNetwork() throws {
        for (name, gflop) in try fixture().stylize {
            let (w, h) = size(name)
            assertClose(TransformerFlops.forward(height: h, width: w) / 1e9, gflop, name)
        }
    }

    /// A training step as TransformerBenchmarks.train counts it: per image, the network forward,
    /// backward-data (but the first layer's) and backward-weights, VGG on the output forward and
    /// backward-data, VGG on the content forward (to relu4_3, as PyTorch runs it).
    func testTrainStepCountsEveryPass() throws {
        for (name, train) in try fixture().train_batch4 {
            let (w, h) = size(name)
            let network = 4 * TransformerFlops.forward(height: h, width: w) / 1e9
            let first = 4 * TransformerFlops.firstLayer(height: h, width: w) / 1e9
            let vgg = 4 * VGGFlops.forward(height: h, width: w, through: "relu4_3") / 1e9
            let parts = train.conv_gflop_parts
            assertClose(network, try XCTUnwrap(parts["transformer_fwd"]), "\(name) network forward")
            assertClose(network - first, try XCTUnwrap(parts["transformer_bwd_data"]), "\(name) network backward-data")
            assertClose(vgg, try XCTUnwrap(parts["vgg_fwd_output"]), "\(name) VGG forward")
            assertClose(3 * network - first + 3 * vgg, train.conv_gflop, "\(name) whole step")
        }
    }

    func testGatysEvaluationIsVGGForwardAndBackward() throws {
        for (name, gflop) in try fixture().gatys {
            let (w, h) = size(name)
            assertClose(2 * VGGFlops.forward(height: h, width: w, through: "relu4_3") / 1e9, gflop, name)
        }
    }

    func testConvolutionWorkload() throws {
        for (name, gflop) in try fixture().conv_batch4_128_channels {
            let (w, h) = size(name)
            let geometry = ConvolutionGeometry(
                batch: 4, inChannels: 128, outChannels: 128, height: h, width: w,
                kernelSize: 3, padding: 1, hasBias: true)
            assertClose(geometry.flops / 1e9, gflop, name)
        }
    }

    /// Where ../shared/bench/flops.py and python3 are at hand, the fixture is what they give now.
    func testFixtureIsWhatFlopsPyGives() throws {
        let flopsPy = TestPaths.shared.appendingPathComponent("bench/flops.py").path
        guard FileManager.default.fileExists(atPath: flopsPy) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", TestPaths.fixture("make_flops.py", of: "BenchmarksTests"),
            TestPaths.shared.appendingPathComponent("bench").path,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "make_flops.py failed")
        XCTAssertEqual(try JSONDecoder().decode(Fixture.self, from: data), try fixture())
    }
}
