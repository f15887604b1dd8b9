import H5
import NN
import StyleTransfer
import Tensors
import TestSupport
import XCTest

final class VGGLossNetworkTests: XCTestCase {
    /// Activations at every ReLU layer agree with PyTorch (float64) on the same weights and
    /// photograph (fixture made by Fixtures/make_vgg_reference.py) to 1e-4 relative.
    func testActivationsMatchIndependentReference() throws {
        let reference = try H5File.open(TestPaths.fixture("vgg16_reference.h5"))
        let input = try reference.read("input", as: Float.self)
        let image = Tensor(shape: input.shape, values: input.values)
        let layers = VGGLossNetwork.layerNames(of: .vgg16)
        let network = try VGGLossNetwork(weightsPath: try TestPaths.vggWeights(), upTo: "relu5_3")
        let activations = try network.forward(image, taps: layers)
        for layer in layers {
            let ours = activations[layer]!.toArray()
            let indices = try reference.read("\(layer)/sample_indices", as: Int64.self).values
            let expected = try reference.read("\(layer)/sample_values", as: Float.self).values
            let scale = try reference.read("\(layer)/max", as: Double.self).values[0]
            var worst = 0.0
            for (i, e) in zip(indices, expected) { worst = max(worst, abs(Double(ours[Int(i)]) - Double(e))) }
            XCTAssertLessThan(worst / scale, 1e-4, "\(layer): max |difference| \(worst), activation max \(scale)")
            let sum = ours.reduce(0.0) { $0 + Double($1) }
            let expectedSum = try reference.read("\(layer)/sum", as: Double.self).values[0]
            XCTAssertEqual(sum / expectedSum, 1, accuracy: 1e-4, "\(layer): sum")
        }
    }

    func testUnknownLayerIsAClearError() throws {
        let path = try TestPaths.vggWeights()
        XCTAssertThrowsError(try VGGLossNetwork(weightsPath: path, upTo: "relu9_9")) { error in
            XCTAssertTrue("\(error)".contains("relu4_3"), "\(error)")
        }
        XCTAssertThrowsError(try VGGLossNetwork(weightsPath: path, upTo: "relu5_4"))   // VGG-19 only
    }
}
