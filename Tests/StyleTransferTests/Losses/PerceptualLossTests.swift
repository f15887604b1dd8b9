import NN
import StyleTransfer
import Tensors
import TestSupport
import XCTest

final class PerceptualLossTests: XCTestCase {
    private func image(_ h: Int, _ w: Int, seed: UInt64, batch: Int = 1) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let t = Tensor(shape: [batch, 3, h, w])
        t.fillUniform(0, 255, using: &generator)
        return t
    }

    /// The whole loss (content + Gram style + TV through the real VGG-16) against central
    /// differences along directions through every pixel, on a small batch, with both poolings.
    /// Max pooling and ReLU make the loss only piecewise smooth, so its tolerance is wider.
    func testGradientWithRespectToImageMatchesFiniteDifferences() throws {
        for pooling in PoolingMode.allCases {
            var settings = LossSettings()
            settings.totalVariationWeight = 1e-3
            settings.pooling = pooling
            let loss = try PerceptualLoss(weightsPath: try TestPaths.vggWeights(), settings: settings)
            XCTAssertEqual(loss.network.pooling, pooling)
            XCTAssertEqual(loss.network.layerNames.last, "relu4_3", "built as deep as the deepest style layer")
            let style = try loss.styleTargets(for: image(24, 20, seed: 1))
            let content = try loss.contentTargets(for: image(16, 16, seed: 2, batch: 2))
            let x = image(16, 16, seed: 3, batch: 2)
            let gradient = Tensor(shape: x.shape)
            try loss.evaluate(x, content: content, style: style, gradient: gradient)
            let result = try GradientCheck.compareDirectional(
                name: "perceptual loss (\(pooling))", x: x,
                analyticGradient: gradient, epsilon: 0.005
            ) {
                try loss.evaluate(x, content: content, style: style).total
            }
            XCTAssertLessThan(result.maxRelativeError, pooling == .average ? 1e-2 : 3e-2, result.description)
        }
    }

    func testTermsAreZeroAtTheTargets() throws {
        let network = try VGGLossNetwork(weightsPath: try TestPaths.vggWeights(), upTo: "relu4_3")
        let loss = try PerceptualLoss(network: network, settings: LossSettings())
        let x = image(32, 32, seed: 4)
        let terms = try loss.evaluate(x, content: try loss.contentTargets(for: x), style: try loss.styleTargets(for: x))
        XCTAssertEqual(terms.content, 0, accuracy: 1e-9)
        XCTAssertEqual(terms.style, 0, accuracy: 1e-9)
        XCTAssertGreaterThan(terms.totalVariation, 0)
    }

    func testMismatchedLossSettingsAreAnError() throws {
        let network = try VGGLossNetwork(weightsPath: try TestPaths.vggWeights(), upTo: "relu2_2")
        var settings = LossSettings()
        XCTAssertThrowsError(try PerceptualLoss(network: network, settings: settings))   // relu4_3 not built
        settings.styleLayers = ["relu1_2"]
        XCTAssertThrowsError(try PerceptualLoss(network: network, settings: settings))   // 4 layer weights for 1 layer
        settings.styleLayerWeights = [1]
        XCTAssertNoThrow(try PerceptualLoss(network: network, settings: settings))
        settings.pooling = .average
        XCTAssertThrowsError(try PerceptualLoss(network: network, settings: settings))   // the network pools with max
    }
}
