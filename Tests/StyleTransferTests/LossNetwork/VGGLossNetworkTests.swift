import H5
import Imaging
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

/// VGG-16's activations of a real photograph with the faster convolutions against the exact
/// ones, as relative RMS error at every ReLU (measured: Winograd up to 1.7e-6 at relu5_3; bfloat16
/// everywhere 2.8e-3 at relu1_1 growing to 1.2e-2 at relu5_3, each layer adding its own rounding
/// of about 2.8e-3 (see ConvolutionVariantTests) to what it is given).
final class VGGConvolutionPolicyTests: XCTestCase {
    func testFeaturesOfAPhotographWithEachPolicyMatchTheExactOnes() throws {
        let path = try TestPaths.vggWeights()
        let photo = try Image(
            contentsOf: TestPaths.repositoryRoot.appendingPathComponent("datasets/val/budgie_serene.jpg").path)
        let image = Tensor(image: photo.resized(longSide: 224))
        let layers = VGGLossNetwork.layerNames(of: .vgg16)
        let exact = try VGGLossNetwork(weightsPath: path, upTo: "relu5_3").forward(image, taps: layers).mapValues {
            $0.toArray()
        }
        var policies: [(ConvolutionPolicy, bound: Double)] = [
            (try ConvolutionPolicy(algorithm: .winograd, precision: .fp32), 1e-5),
            (try ConvolutionPolicy(algorithm: .auto, precision: .fp32), 1e-5),
        ]
        if CPUFeatures.hasNativeBF16 {
            policies += [
                (try ConvolutionPolicy(algorithm: .direct, precision: .bf16), 2.5e-2),
                (try ConvolutionPolicy(algorithm: .auto, precision: .auto), 2.5e-2),
            ]
        }
        for (policy, bound) in policies {
            let fast = try VGGLossNetwork(weightsPath: path, upTo: "relu5_3", policy: policy).forward(
                image, taps: layers)
            for layer in layers {
                var squaredError = 0.0, squared = 0.0
                for (a, b) in zip(fast[layer]!.toArray(), exact[layer]!) {
                    squaredError += Double(a - b) * Double(a - b)
                    squared += Double(b) * Double(b)
                }
                XCTAssertLessThan((squaredError / squared).squareRoot(), bound, "\(policy): \(layer)")
            }
        }
    }
}
