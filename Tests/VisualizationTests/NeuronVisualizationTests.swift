import Imaging
import StyleTransfer
import Visualization
import TestSupport
import XCTest

final class NeuronVisualizationTests: XCTestCase {
    /// Gradient ascent from noise raises the chosen channel's mean activation at least tenfold,
    /// and by more than the other channels rise on average.
    func testAscentRaisesTheChosenChannelMost() throws {
        for (layer, channel) in [("relu3_3", 17), ("relu4_3", 100)] {
            let visualization = try NeuronVisualization(weightsPath: try TestPaths.vggWeights(), layer: layer)
            var settings = NeuronSettings()
            settings.layer = layer
            settings.channel = channel
            settings.size = 64
            settings.iterations = 40
            let start = NeuronVisualization.start(.noise, side: 64, seed: settings.seed)
            let image = try visualization.run(settings: settings)
            let (before, after) = (try visualization.channelMeans(of: start), try visualization.channelMeans(of: image))
            let gain = after[channel] / max(before[channel], 1e-3)
            XCTAssertGreaterThan(gain, 10, "\(layer) channel \(channel): \(before[channel]) → \(after[channel])")
            let others = before.indices.filter { $0 != channel }
            let othersGain = others.reduce(0) { $0 + after[$1] } / max(others.reduce(0) { $0 + before[$1] }, 1e-3)
            XCTAssertLessThan(
                othersGain, gain / 3, "\(layer): the other channels rose \(othersGain)×, the chosen \(gain)×")
            XCTAssertEqual(
                try visualization.activation(of: image, channel: channel, center: false), after[channel],
                accuracy: after[channel] * 1e-5)
        }
    }

    /// With --center only the centre unit is the objective: it rises, and pixels outside its
    /// receptive field never change (no decay or blur here to move them).
    func testCentreUnitAscent() throws {
        let visualization = try NeuronVisualization(weightsPath: try TestPaths.vggWeights(), layer: "relu2_2")
        var settings = NeuronSettings()
        settings.layer = "relu2_2"
        settings.center = true
        settings.size = 64
        settings.iterations = 30
        settings.decay = 0
        settings.blurEvery = 0
        let start = NeuronVisualization.start(.noise, side: 64, seed: settings.seed)
        // A unit that is zero at the start has no gradient through its ReLU: take the first
        // channel whose centre unit fires.
        settings.channel = try (0..<128).first {
            try visualization.activation(of: start, channel: $0, center: true) > 0
        }!
        let image = try visualization.run(settings: settings)
        let before = try visualization.activation(of: start, channel: settings.channel, center: true)
        XCTAssertGreaterThan(
            try visualization.activation(of: image, channel: settings.channel, center: true), 10 * before)
        // The centre unit of relu2_2 sees the 14×14 pixels around (32.5, 32.5), from 26 to 39.
        let plane = 64 * 64
        for y in 0..<64 {
            for x in 0..<64 where !(26...39).contains(y) || !(26...39).contains(x) {
                for c in 0..<3 {
                    XCTAssertEqual(image.pixels[c * plane + y * 64 + x], start.pixels[c * plane + y * 64 + x])
                }
            }
        }
        XCTAssertTrue(image != start, "the receptive field changed")
    }

    /// A channel that is zero everywhere on a flat grey start (no gradient through its ReLU) is
    /// switched on by the redirected gradient, and then rises.
    func testAChannelThatIsOffAtTheStartIsSwitchedOn() throws {
        let visualization = try NeuronVisualization(weightsPath: try TestPaths.vggWeights(), layer: "relu3_3")
        let grey = NeuronVisualization.start(.grey, side: 48, seed: 0)
        let means = try visualization.channelMeans(of: grey)
        guard let off = means.firstIndex(of: 0) else {
            return XCTFail("every relu3_3 channel fires on grey: \(means.prefix(8))")
        }
        var settings = NeuronSettings()
        settings.layer = "relu3_3"
        settings.channel = off
        settings.size = 48
        settings.iterations = 20
        settings.start = .grey
        let image = try visualization.run(settings: settings)
        XCTAssertGreaterThan(try visualization.channelMeans(of: image)[off], 1, "channel \(off)")
    }

    func testRegularizersKeepTheImageValid() throws {
        let visualization = try NeuronVisualization(weightsPath: try TestPaths.vggWeights(), layer: "relu2_2")
        var settings = NeuronSettings()
        settings.layer = "relu2_2"
        settings.size = 32
        settings.iterations = 8
        settings.valueClip = 30
        settings.gradientClip = 30
        settings.blurEvery = 2
        settings.blurSigma = 1
        let image = try visualization.run(settings: settings)
        XCTAssertTrue(image.pixels.allSatisfy { $0 >= 0 && $0 <= 255 && $0.isFinite })
        // At least 30% of the pixels were reset to the mean colour by the last step's clipping.
        let plane = 32 * 32
        let mean: [Float] = [123.68, 116.779, 103.939]
        let reset = (0..<plane).filter { i in (0..<3).allSatisfy { abs(image.pixels[$0 * plane + i] - mean[$0]) < 1e-3 }
        }
        XCTAssertGreaterThanOrEqual(reset.count, plane * 3 / 10)
    }

    func testBadChannelAndSettingsAreClearErrors() throws {
        let visualization = try NeuronVisualization(weightsPath: try TestPaths.vggWeights(), layer: "relu2_2")
        XCTAssertEqual(visualization.channelCount, 128)
        XCTAssertThrowsError(try visualization.requireChannel(128)) { error in
            XCTAssertEqual((error as? InvalidSetting)?.setting, .channel)
            XCTAssertTrue("\(error)".contains("128 channels"), "\(error)")
        }
        XCTAssertThrowsError(try NeuronVisualization(weightsPath: try TestPaths.vggWeights(), layer: "relu6_1"))
        var settings = NeuronSettings()
        settings.valueClip = 100
        XCTAssertThrowsError(try settings.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .valueClip) }
        settings = NeuronSettings()
        settings.decay = 1
        XCTAssertThrowsError(try settings.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.setting, .decay) }
    }
}
