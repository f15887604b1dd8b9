import Foundation
import Imaging
import NN
@testable import ONNX
import StyleTransfer
import TestSupport
import XCTest

/// faststyle's ONNX export, run in onnxruntime against faststyle's own forward pass, and
/// export → import → export round trips, for every structure the trainer builds.
final class ONNXExportTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder("onnx-export")
    }

    /// Every kind of block, normalization, padding, upsampling and output the trainer accepts.
    static func variants() throws -> [(name: String, settings: TransformerSettings)] {
        [
            ("johnson narrow", try ONNXTestSupport.settings("c9s1-8,d16,d32,R32,R32,u16,u8,c9s1-3")),
            (
                "batch, zero padding, transposed, tanh",
                try ONNXTestSupport.settings("c9s1-8,d16,R16,u8,c9s1-3", .batch, .zero, .transposed, .tanh)
            ),
            (
                "stride-2 c layers, 1×1 and 5×5",
                try ONNXTestSupport.settings("c5s2-8,c1s1-12,R12,c3s1-16,u8,c5s1-3", .instance, .reflection)
            ),
            ("zero padding, nearest", try ONNXTestSupport.settings("c3s1-6,d12,R12,u6,c3s1-3", .instance, .zero)),
            ("one convolution", try ONNXTestSupport.settings("c5s1-3")),
        ]
    }

    func testExportRunsInONNXRuntimeAsFaststyleRunsIt() throws {
        _ = try ONNXTestSupport.python()
        let image = StylizeTestSupport.picture(width: 44, height: 36)
        var cases = try Self.variants().map { ($0.name, try ONNXTestSupport.randomCheckpoint($0.settings), false) }
        let imported = try ONNXImport.checkpoint(fromFile: ONNXTestSupport.fixture("examples_opset17.onnx"))
        cases += [
            ("imported pytorch/examples", imported, false), ("imported pytorch/examples, --half", imported, true),
        ]
        for (name, checkpoint, half) in cases {
            let path = folder.appendingPathComponent("model.onnx").path
            try ONNXExport.write(checkpoint, to: path, half: half, source: name)
            // With --half faststyle runs the same rounded weights, read back from the file.
            let ours = half ? try ONNXImport.checkpoint(fromFile: path) : checkpoint
            let expected = try Stylizer(checkpoint: ours, path: name).forward([image]).images[0].pixels
            let theirs = try ONNXTestSupport.onnxruntime(path, image, in: folder)
            let (mean, largest) = ONNXTestSupport.levels(theirs, expected)
            XCTAssertLessThan(mean, 0.5, name)
            XCTAssertLessThan(largest, 2, name)
            XCTAssertGreaterThan(
                Set(expected.map { Int(min(max($0, 0), 255)) }).count, 50, "\(name): the output should vary")
            print("\(name): onnxruntime vs faststyle: mean \(mean), max \(largest) levels of 255")
        }
    }

    func testExportImportExportRoundTrips() throws {
        var cases = try Self.variants().map { ($0.name, try ONNXTestSupport.randomCheckpoint($0.settings)) }
        cases.append(
            (
                "imported pytorch/examples",
                try ONNXImport.checkpoint(fromFile: ONNXTestSupport.fixture("examples_opset9.onnx"))
            ))
        for (name, checkpoint) in cases {
            let first = try ONNXExport.model(checkpoint, half: false, source: name)
            let imported = try ONNXImport.checkpoint(from: first, path: name)
            XCTAssertEqual(imported.settings.network, checkpoint.settings.network, name)
            let stored = Dictionary(uniqueKeysWithValues: checkpoint.parameters.map { ($0.name, $0.values) })
            XCTAssertEqual(imported.parameters.count, checkpoint.parameters.count, name)
            for p in imported.parameters { XCTAssertEqual(p.values, stored[p.name], "\(name): \(p.name)") }
            let storedBuffers = Dictionary(uniqueKeysWithValues: checkpoint.buffers.map { ($0.name, $0.values) })
            for b in imported.buffers { XCTAssertEqual(b.values, storedBuffers[b.name], "\(name): \(b.name)") }
            let second = try ONNXExport.model(imported, half: false, source: name)
            XCTAssertEqual(try second.serializedBytes() as [UInt8], try first.serializedBytes() as [UInt8], name)
        }
    }

    func testHalfPrecisionModelIsHalfTheSize() throws {
        let checkpoint = try ONNXImport.checkpoint(fromFile: ONNXTestSupport.fixture("examples_opset11.onnx"))
        let full = try ONNXExport.model(checkpoint, half: false, source: "full")
        let half = try ONNXExport.model(checkpoint, half: true, source: "half")
        let (fullSize, halfSize) = (
            (try full.serializedBytes() as [UInt8]).count, (try half.serializedBytes() as [UInt8]).count
        )
        XCTAssertLessThan(Double(halfSize), 0.55 * Double(fullSize), "\(halfSize) against \(fullSize) bytes")
        let rounded = try ONNXImport.checkpoint(from: half, path: "half")
        for (a, b) in zip(rounded.parameters, checkpoint.parameters) {
            XCTAssertEqual(a.values, b.values.map { Float(Float16($0)) }, a.name)
        }
    }
}
