import H5
import StyleTransfer
import TestSupport
import XCTest

final class VGGWeightsTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("vggtests")
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// VGG-shaped layers with deterministic values that differ per layer and element.
    static func syntheticWeights(_ variant: VGGVariant, through count: Int? = nil) -> VGGWeights {
        let convolutions = variant.convolutions.prefix(count ?? variant.convolutions.count)
        let layers = convolutions.enumerated().map { index, layer in
            let size = layer.outChannels * layer.inChannels * 9
            return ConvWeights(
                name: layer.name,
                kernelOIHW: (0..<size).map { Float($0 % 1013) * 1e-3 - Float(index) },
                bias: (0..<layer.outChannels).map { Float($0) + Float(index) * 0.5 },
                outChannels: layer.outChannels, inChannels: layer.inChannels, kernelHeight: 3, kernelWidth: 3)
        }
        return VGGWeights(layers: Array(layers), variant: variant)
    }

    func testVariantLayerTables() {
        XCTAssertEqual(VGGVariant.vgg16.convolutions.count, 13)
        XCTAssertEqual(VGGVariant.vgg19.convolutions.count, 16)
        XCTAssertEqual(VGGVariant.vgg19.convolutions.last?.name, "block5_conv4")
        XCTAssertEqual(VGGVariant.vgg16.convolutions[4].name, "block3_conv1")
        XCTAssertEqual(VGGVariant.vgg16.convolutions[4].inChannels, 128)
        XCTAssertEqual(
            VGGVariant.vgg16.convolutions.reduce(0) { $0 + $1.outChannels * ($1.inChannels * 9 + 1) }, 14_714_688)
    }

    func testKernelLayoutConversion() {
        // out 2, in 3, 1×2 kernel: OIHW index ((o·3 + i)·1 + y)·2 + x.
        let layer = ConvWeights(
            name: "t", kernelOIHW: (0..<12).map(Float.init), bias: [0, 0],
            outChannels: 2, inChannels: 3, kernelHeight: 1, kernelWidth: 2)
        // HWIO index ((y·2 + x)·3 + i)·2 + o.
        XCTAssertEqual(layer.kernelHWIO, [0, 6, 2, 8, 4, 10, 1, 7, 3, 9, 5, 11])
    }

    func testWriteThenLoadRoundTripAndUpTo() throws {
        let file = path("vgg19.h5")
        let weights = Self.syntheticWeights(.vgg19)
        try weights.write(to: file, attributes: ["source": "test"])
        assertSameWeights(try VGGWeights.load(from: file), weights)

        let h5 = try H5File.open(file)
        XCTAssertEqual(try h5.stringArrayAttribute("layer_names").count, 21)
        XCTAssertEqual(try h5.stringArrayAttribute("weight_names", on: "block5_pool"), [])
        XCTAssertEqual(try h5.shape(of: "block3_conv4/block3_conv4_W_1:0"), [3, 3, 256, 256])

        let firstThree = try VGGWeights.load(from: file, upTo: "block2_conv1")
        XCTAssertEqual(firstThree.variant, .vgg19)
        XCTAssertEqual(firstThree.layers.map(\.name), ["block1_conv1", "block1_conv2", "block2_conv1"])
        XCTAssertThrowsError(try VGGWeights.load(from: file, upTo: "block6_conv1")) { error in
            XCTAssertTrue("\(error)".contains("block6_conv1") && "\(error)".contains(file), "\(error)")
        }
        XCTAssertTrue(VGGWeights.verify(path: file).isEmpty)
    }

    /// Keras 2 / full-model files: weights under `model_weights`, datasets nested as
    /// `<layer>/<layer>/kernel:0`, listed in `weight_names` or found by rank when not listed.
    func testLoadsKeras2ModelFileLayout() throws {
        let file = path("model.h5")
        let weights = Self.syntheticWeights(.vgg16, through: 2)
        let h5 = try H5File.create(file)
        let root = try h5.createGroup("model_weights")
        try root.setAttribute("layer_names", ["input_1", "block1_conv1", "block1_conv2"])
        for (index, layer) in weights.layers.enumerated() {
            let shape = [3, 3, layer.inChannels, layer.outChannels]
            try root.write(layer.bias, shape: [layer.outChannels], to: "\(layer.name)/\(layer.name)/bias:0")
            try root.write(layer.kernelHWIO, shape: shape, to: "\(layer.name)/\(layer.name)/kernel:0")
            if index == 0 {
                try root.setAttribute(
                    "weight_names", ["\(layer.name)/kernel:0", "\(layer.name)/bias:0"], storage: .variableLength,
                    on: layer.name)
            }
        }
        h5.close()
        assertSameWeights(try VGGWeights.load(from: file, upTo: "block1_conv2"), weights)
    }

    func testVerifyListsEveryProblem() throws {
        let file = path("vgg16.h5")
        try Self.syntheticWeights(.vgg16).write(to: file)
        XCTAssertTrue(VGGWeights.verify(path: file).isEmpty)

        let h5 = try H5File.open(file, mode: .readWrite)
        try h5.remove("block3_conv2")
        try h5.remove("block4_conv1/block4_conv1_b_1:0")
        try h5.write([Float](repeating: 0, count: 256), shape: [256], to: "block4_conv1/block4_conv1_b_1:0")
        try h5.remove("block5_conv3/block5_conv3_W_1:0")
        try h5.write(
            [Float](repeating: 0, count: 9 * 512 * 512), shape: [3, 3, 512, 512, 1],
            to: "block5_conv3/block5_conv3_W_1:0")
        h5.close()

        let problems = VGGWeights.verify(path: file).map(\.localizedDescription)
        XCTAssertEqual(problems.count, 3, "\(problems)")
        XCTAssertTrue(problems.allSatisfy { $0.contains(file) }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.contains("layer block3_conv2") && $0.contains("missing") }, "\(problems)")
        XCTAssertTrue(
            problems.contains { $0.contains("layer block4_conv1") && $0.contains("[256]") && $0.contains("[512]") },
            "\(problems)")
        XCTAssertTrue(
            problems.contains { $0.contains("layer block5_conv3") && $0.contains("[3, 3, 512, 512, 1]") }, "\(problems)"
        )
        XCTAssertThrowsError(try VGGWeights.load(from: file)) {
            XCTAssertTrue("\($0)".contains("block3_conv2"), "\($0)")
        }
        XCTAssertEqual(try VGGWeights.load(from: file, upTo: "block3_conv1").layers.count, 5)
    }

    func testVerifyMissingAndCorruptFiles() throws {
        let missing = path("nothing.h5")
        let problems = VGGWeights.verify(path: missing)
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual((problems[0] as? WeightsError)?.missingFile, missing)
        XCTAssertTrue(problems[0].localizedDescription.contains(missing), "\(problems)")

        let file = path("cut.h5")
        try Self.syntheticWeights(.vgg16, through: 4).write(to: file)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: file))
        let corrupt = VGGWeights.verify(path: file).map(\.localizedDescription)
        XCTAssertFalse(corrupt.isEmpty)
        XCTAssertTrue(corrupt.allSatisfy { $0.contains(file) }, "\(corrupt)")

        let text = path("text.h5")
        try "not weights".write(toFile: text, atomically: true, encoding: .utf8)
        XCTAssertTrue(VGGWeights.verify(path: text).first?.localizedDescription.contains("not an HDF5 file") ?? false)
    }

    func testLoadsTheKerasFile() throws {
        let path = try TestPaths.vggWeights()
        let weights = try VGGWeights.load(from: path)
        XCTAssertEqual(weights.variant, .vgg16)
        XCTAssertEqual(weights.layers.count, 13)
        XCTAssertEqual(weights.parameterCount, 14_714_688)
        // Keras W[:, :, 0, 0] of block1_conv1 is OIHW [0, 0, :, :].
        let first = weights.layers[0]
        let expected: [Float] = [
            0.42947057, 0.373467, -0.06136011, 0.27476987, 0.03868078,
            -0.36722335, -0.05746817, -0.26224968, -0.35009676,
        ]
        for (index, value) in expected.enumerated() {
            XCTAssertEqual(first.kernelOIHW[index], value, accuracy: 1e-8)
        }
        XCTAssertEqual(first.kernelOIHW[9], 0.55037946, accuracy: 1e-8)   // W[0, 0, 1, 0]: input channel 1 (G)
        XCTAssertEqual(weights.layers[12].bias[0], 0.18837857, accuracy: 1e-8)
        XCTAssertTrue(VGGWeights.verify(path: path).isEmpty)
    }
}
