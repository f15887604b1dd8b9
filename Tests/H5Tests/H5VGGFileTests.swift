import H5
import TestSupport
import XCTest

/// Reads the real Keras-layout VGG-16 file (weights/README.md describes it).
final class H5VGGFileTests: XCTestCase {
    func testReadsKerasVGG16Layout() throws {
        let file = try H5File.open(try TestPaths.vggWeights())
        let layerNames = try file.stringArrayAttribute("layer_names")
        XCTAssertEqual(layerNames.count, 18)
        XCTAssertEqual(layerNames[2], "block1_pool")
        XCTAssertEqual(layerNames.last, "block5_pool")
        XCTAssertEqual(try file.stringArrayAttribute("weight_names", on: "block3_pool"), [])
        XCTAssertEqual(
            try file.stringArrayAttribute("weight_names", on: "block1_conv1"),
            ["block1_conv1_W_1:0", "block1_conv1_b_1:0"])

        let expected: [String: [Int]] = [
            "block1_conv1": [3, 3, 3, 64], "block1_conv2": [3, 3, 64, 64],
            "block2_conv1": [3, 3, 64, 128], "block2_conv2": [3, 3, 128, 128],
            "block3_conv1": [3, 3, 128, 256], "block3_conv2": [3, 3, 256, 256], "block3_conv3": [3, 3, 256, 256],
            "block4_conv1": [3, 3, 256, 512], "block4_conv2": [3, 3, 512, 512], "block4_conv3": [3, 3, 512, 512],
            "block5_conv1": [3, 3, 512, 512], "block5_conv2": [3, 3, 512, 512], "block5_conv3": [3, 3, 512, 512],
        ]
        for (layer, shape) in expected {
            XCTAssertEqual(try file.shape(of: "\(layer)/\(layer)_W_1:0"), shape, layer)
            XCTAssertEqual(try file.shape(of: "\(layer)/\(layer)_b_1:0"), [shape[3]], layer)
        }

        let kernel = try file.read("block1_conv1/block1_conv1_W_1:0", as: Float.self, rank: 4)
        // W[u, v, 0, 0] for u, v in 0..<3: element (u, v, c, o) is at ((u·3 + v)·3 + c)·64 + o.
        // The README prints the values to 8 significant digits.
        let w00: [Float] = [
            0.42947057, 0.373467, -0.06136011, 0.27476987, 0.03868078,
            -0.36722335, -0.05746817, -0.26224968, -0.35009676,
        ]
        for (index, value) in w00.enumerated() {
            XCTAssertEqual(kernel.values[index * 3 * 64], value, accuracy: 1e-8)
        }
        XCTAssertEqual(kernel.values[1 * 64], 0.55037946, accuracy: 1e-8)   // W[0, 0, 1, 0]
        XCTAssertEqual(kernel.values[2 * 64], 0.4800154, accuracy: 1e-8)   // W[0, 0, 2, 0]
        assertThrows(
            try file.read("block1_conv1/block1_conv1_W_1:0x", as: Float.self),
            containing: ["vgg16.h5", "dataset block1_conv1/block1_conv1_W_1:0x not found"])
    }
}
