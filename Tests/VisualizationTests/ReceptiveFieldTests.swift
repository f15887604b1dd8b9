import Imaging
import StyleTransfer
import Visualization
import Tensors
import TestSupport
import XCTest

final class ReceptiveFieldTests: XCTestCase {
    /// Sizes and jumps of the literature (VGG-16: conv4_3 92 px with jump 8, conv5_3 196 with
    /// jump 16; VGG-19: conv5_4 252) and the small ones counted by hand.
    func testSizesAndJumpsOfVGG16AndVGG19() throws {
        let vgg16 = [
            ("relu1_1", 3, 1), ("relu1_2", 5, 1), ("relu2_1", 10, 2), ("relu2_2", 14, 2),
            ("relu3_3", 40, 4), ("relu4_3", 92, 8), ("relu5_3", 196, 16),
        ]
        for (layer, size, jump) in vgg16 {
            let field = try ReceptiveField(layer: layer)
            XCTAssertEqual(field.size, size, layer)
            XCTAssertEqual(field.jump, jump, layer)
        }
        for (layer, size, jump) in [("relu3_4", 48, 4), ("relu4_4", 116, 8), ("relu5_4", 252, 16)] {
            let field = try ReceptiveField(layer: layer, variant: .vgg19)
            XCTAssertEqual(field.size, size, layer)
            XCTAssertEqual(field.jump, jump, layer)
        }
    }

    /// Each pooling moves unit 0's centre by half the jump before it: 0.5 after the first, 1.5
    /// after the second; the rectangle is the size around it, corners on whole pixels.
    func testCentresAndRectangles() throws {
        let relu1 = try ReceptiveField(layer: "relu1_2")
        XCTAssertEqual(relu1.rectangle(y: 0, x: 0), PixelRectangle(x: -2, y: -2, width: 5, height: 5))
        let relu3 = try ReceptiveField(layer: "relu3_3")
        XCTAssertEqual(relu3.center(y: 10, x: 2).y, 41.5)
        XCTAssertEqual(relu3.center(y: 10, x: 2).x, 9.5)
        XCTAssertEqual(relu3.rectangle(y: 10, x: 2), PixelRectangle(x: -10, y: 22, width: 40, height: 40))
        XCTAssertEqual(
            relu3.clipped(y: 10, x: 2, width: 100, height: 50), PixelRectangle(x: 0, y: 22, width: 30, height: 28))
        XCTAssertEqual(relu3.mapSize(width: 103, height: 64).width, 25)
        XCTAssertEqual(relu3.mapSize(width: 103, height: 3).height, 0)
    }

    /// The units with whole fields are exactly those whose rectangle lies inside, at every length.
    func testUnitsWithWholeFieldsAreThoseWhoseRectangleIsInside() throws {
        for layer in ["relu1_1", "relu2_2", "relu3_3", "relu4_3", "relu5_3"] {
            let field = try ReceptiveField(layer: layer)
            for length in [1, 2, 3, 15, 16, 17, 40, 41, 48, 93, 100, 196, 197, 256, 301] {
                let map = length >> field.poolings
                let inside = (0..<map).filter { unit in
                    let rectangle = field.rectangle(y: unit, x: 0)
                    return rectangle.y >= 0 && rectangle.y + rectangle.height <= length
                }
                XCTAssertEqual(
                    Array(field.unitsWithWholeFields(inputLength: length)), inside, "\(layer), \(length) pixels")
            }
        }
    }

    func testUnknownLayerNamesTheValidOnes() {
        XCTAssertThrowsError(try ReceptiveField(layer: "relu5_4")) { error in
            XCTAssertEqual((error as? InvalidSetting)?.setting, .layer)
            XCTAssertTrue(error.localizedDescription.contains("relu1_1, relu1_2"), error.localizedDescription)
            XCTAssertTrue(error.localizedDescription.contains("relu5_3"), error.localizedDescription)
        }
    }

    /// The gradient of one unit of the real network with respect to the image is nonzero
    /// exactly within the predicted rectangle (clipped to the image at a border): every pixel
    /// outside is zero, and every edge row and column of the rectangle has a nonzero pixel.
    /// Average pooling passes the gradient to all four inputs; max pooling to one, so with it
    /// the nonzero pixels must only lie inside.
    func testTheGradientOfAUnitIsNonzeroExactlyInsideItsField() throws {
        let path = try TestPaths.vggWeights()
        let photograph = try Image(contentsOf: TestPaths.photograph).resized(longSide: 192).cropped(
            x: 32, y: 0, width: 128, height: 128)
        for pooling in [PoolingMode.average, .max] {
            let network = try VGGLossNetwork(weightsPath: path, upTo: "relu3_3", pooling: pooling)
            for (layer, y, x) in [("relu2_2", 32, 32), ("relu3_3", 16, 16), ("relu3_3", 0, 5), ("relu3_3", 31, 31)] {
                let field = try ReceptiveField(layer: layer)
                let activations = try network.forward(Tensor(image: photograph), taps: [layer])[layer]!
                // The channel most active at the unit: an inactive ReLU would pass no gradient.
                let channel = (0..<activations.channels).max {
                    activations.data[activations.index(0, $0, y, x)] < activations.data[activations.index(0, $1, y, x)]
                }!
                let gradient = Tensor(shape: activations.shape, channelBlock: activations.channelBlock)
                gradient.data[gradient.index(0, channel, y, x)] = 1
                let pixels = try network.backward([layer: gradient]).toArray()
                let plane = 128 * 128
                var nonzero: [(y: Int, x: Int)] = []
                for py in 0..<128 {
                    for px in 0..<128 where (0..<3).contains(where: { pixels[$0 * plane + py * 128 + px] != 0 }) {
                        nonzero.append((py, px))
                    }
                }
                let expected = field.clipped(y: y, x: x, width: 128, height: 128)!
                let label = "\(layer) unit (\(y), \(x)), \(pooling) pooling, field \(expected)"
                XCTAssertFalse(nonzero.isEmpty, label)
                XCTAssertTrue(nonzero.allSatisfy { expected.contains(x: $0.x, y: $0.y) }, label)
                guard pooling == .average else { continue }
                let bounds = PixelRectangle(
                    x: nonzero.map(\.x).min()!, y: nonzero.map(\.y).min()!,
                    width: nonzero.map(\.x).max()! - nonzero.map(\.x).min()! + 1,
                    height: nonzero.map(\.y).max()! - nonzero.map(\.y).min()! + 1)
                XCTAssertEqual(bounds, expected, label)
            }
        }
    }
}
