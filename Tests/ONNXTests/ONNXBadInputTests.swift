import Foundation
@testable import ONNX
import StyleTransfer
import TestSupport
import XCTest

/// ONNX files that are not a TransformerNet, or not ONNX at all: a clear error naming the file
/// and, where one is to blame, the node and op — never a crash or a wrong network.
final class ONNXBadInputTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder("onnx-bad")
    }

    private func assertRefused(
        _ path: String, mentioning fragments: [String], file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try ONNXImport.checkpoint(fromFile: path), file: file, line: line) { error in
            let text = error.localizedDescription
            XCTAssertTrue(text.hasPrefix(path), "names the file: \(text)", file: file, line: line)
            for fragment in fragments {
                XCTAssertTrue(text.contains(fragment), "\(fragment) in: \(text)", file: file, line: line)
            }
        }
    }

    /// The opset-17 fixture with `change` applied, written to `name`.
    private func modified(_ name: String, _ change: (inout Onnx_ModelProto) throws -> Void) throws -> String {
        var model = try ONNXModelFile.read(ONNXTestSupport.fixture("examples_opset17.onnx"))
        try change(&model)
        let path = folder.appendingPathComponent(name).path
        try ONNXModelFile.write(model, to: path)
        return path
    }

    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testFilesThatAreNotONNXModels() throws {
        let model = try Array(Data(contentsOf: URL(fileURLWithPath: ONNXTestSupport.fixture("examples_opset17.onnx"))))
        for cut in [model.count / 2, model.count - 3, 100, 1] {
            assertRefused(try write(Array(model.prefix(cut)), "truncated\(cut).onnx"), mentioning: ["truncated"])
        }
        assertRefused(try write([], "empty.onnx"), mentioning: ["not an ONNX model"])
        let png = try Array(Data(contentsOf: URL(fileURLWithPath: ONNXTestSupport.fixture("content.png"))))
        assertRefused(try write(png, "picture.onnx"), mentioning: ["not an ONNX model"])
        assertRefused(folder.appendingPathComponent("missing.onnx").path, mentioning: ["missing.onnx"])
        assertRefused(folder.path, mentioning: [])
    }

    func testOtherNetworksAndOps() throws {
        // A classifier: its input is an image, its output is not.
        assertRefused(
            ONNXTestSupport.fixture("classifier.onnx"), mentioning: ["output", "not an RGB image", "classifier"])
        // LeakyRelu where the TransformerNet has Relu: named with its node.
        assertRefused(ONNXTestSupport.fixture("leaky_relu.onnx"), mentioning: ["LeakyRelu", "node '/relu/LeakyRelu'"])
        // An op in the middle of the chain.
        let sigmoid = try modified("sigmoid.onnx") { model in
            let index = model.graph.node.firstIndex { $0.opType == "Relu" }!
            model.graph.node[index].opType = "Sigmoid"
        }
        assertRefused(sigmoid, mentioning: ["(Sigmoid)"])
        let edge = try modified("edge.onnx") { model in
            let index = model.graph.node.firstIndex { $0.opType == "Pad" }!
            model.graph.node[index].attribute = model.graph.node[index].attribute.map { a in
                var a = a
                if a.name == "mode" { a.s = Data("edge".utf8) }
                return a
            }
        }
        assertRefused(edge, mentioning: ["(Pad)", "edge"])
        let tripled = try modified("resize3.onnx") { model in
            let resize = model.graph.node.first { $0.opType == "Resize" }!
            let scales = resize.input[2]
            let index = model.graph.node.firstIndex { $0.output == [scales] }!
            var value = Onnx_AttributeProto()
            value.name = "value_floats"
            value.type = .floats
            value.floats = [1, 1, 3, 3]
            model.graph.node[index].attribute = [value]
        }
        assertRefused(tripled, mentioning: ["(Resize)", "×2"])
        let extraOutput = try modified("two_outputs.onnx") { model in model.graph.output.append(model.graph.output[0]) }
        assertRefused(extraOutput, mentioning: ["2 outputs"])
    }

    /// Graphs crafted to crash or hang a careless reader: a node without outputs, two nodes
    /// writing one tensor, shape arithmetic on nothing, with repeated axes or absurd steps.
    func testMalformedGraphs() throws {
        let noOutput = try modified("no_output.onnx") { model in
            let index = model.graph.node.firstIndex { $0.opType == "Relu" }!
            model.graph.node[index].output = []
        }
        assertRefused(noOutput, mentioning: ["(Relu)", "has no output"])
        let twice = try modified("written_twice.onnx") { model in
            let relus = model.graph.node.indices.filter { model.graph.node[$0].opType == "Relu" }
            model.graph.node[relus[1]].output = model.graph.node[relus[0]].output
        }
        assertRefused(twice, mentioning: ["(Relu)", "another node also writes"])
        func replacingFirst(_ op: String, _ name: String, _ change: @escaping (inout Onnx_NodeProto) -> Void) throws
            -> String
        {
            try modified(name) { model in
                let index = model.graph.node.firstIndex { $0.opType == op }!
                change(&model.graph.node[index])
            }
        }
        assertRefused(
            try replacingFirst("Concat", "empty_concat.onnx") { $0.input = [] },
            mentioning: ["(Concat)", "concatenates nothing"])
        let unsqueeze = try replacingFirst("Concat", "unsqueeze.onnx") { node in
            var axes = Onnx_AttributeProto()
            axes.name = "axes"
            axes.type = .ints
            axes.ints = [0, 0]
            node.opType = "Unsqueeze"
            node.input = [node.input[0]]
            node.attribute = [axes]
        }
        XCTAssertThrowsError(try ONNXImport.checkpoint(fromFile: unsqueeze))
        let slice = try modified("slice_step.onnx") { model in
            let index = model.graph.node.firstIndex { $0.opType == "Slice" }!
            let steps = model.graph.node[index].input[4]
            let constant = model.graph.node.firstIndex { $0.output == [steps] }!
            var value = Onnx_AttributeProto()
            value.name = "value_ints"
            value.type = .ints
            value.ints = [Int64.max]
            model.graph.node[constant].attribute = [value]
        }
        assertRefused(slice, mentioning: ["(Pad)"])
    }

    func testWrongShapes() throws {
        let shortNorm = try modified("short_norm.onnx") { model in
            let index = model.graph.initializer.firstIndex { $0.name == "in2.weight" }!
            model.graph.initializer[index].dims = [15]
            model.graph.initializer[index].rawData = model.graph.initializer[index].rawData.prefix(15 * 4)
        }
        assertRefused(shortNorm, mentioning: ["InstanceNormalization", "scale has shape [15]", "16 channels"])
        let lying = try modified("lying_dims.onnx") { model in
            let index = model.graph.initializer.firstIndex { $0.name == "conv2.conv2d.weight" }!
            model.graph.initializer[index].dims = [16, 8, 3, 4]
        }
        assertRefused(lying, mentioning: ["conv2.conv2d.weight", "bytes"])
        let channels = try modified("channels.onnx") { model in
            // The second convolution reads 8 channels; give it a weight for 4 (the data matching the dims).
            let index = model.graph.initializer.firstIndex { $0.name == "conv2.conv2d.weight" }!
            model.graph.initializer[index].dims = [32, 4, 3, 3]
        }
        assertRefused(channels, mentioning: ["(Conv)", "takes 4 input channels", "gives 8"])
        let external = try modified("external.onnx") { model in
            model.graph.initializer[0].dataLocation = .external
        }
        assertRefused(external, mentioning: ["external"])
    }
}
