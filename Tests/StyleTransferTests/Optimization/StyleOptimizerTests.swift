import Imaging
import NN
import StyleTransfer
import Tensors
import TestSupport
import XCTest

final class StyleOptimizerTests: XCTestCase {
    private func repositoryImage(_ relative: String, longSide: Int) throws -> Image {
        try Image(contentsOf: TestPaths.repositoryRoot.appendingPathComponent(relative).path).resized(
            longSide: longSide)
    }

    private func optimizer(_ configure: (inout LossSettings) -> Void = { _ in }) throws -> StyleOptimizer {
        var loss = LossSettings()
        configure(&loss)
        let network = try VGGLossNetwork(weightsPath: try TestPaths.vggWeights(), upTo: "relu4_3")
        return StyleOptimizer(loss: try PerceptualLoss(network: network, settings: loss))
    }

    private func settings(_ method: OptimizationSettings.Method, iterations: Int) -> OptimizationSettings {
        var s = OptimizationSettings()
        s.method = method
        s.iterations = iterations
        s.learningRate = method == .lbfgs ? 1 : 10
        return s
    }

    func testLBFGSAndAdamLowerTheLossByALargeFactor() throws {
        let content = try repositoryImage("datasets/val/budgie_serene.jpg", longSide: 48)
        let style = try repositoryImage("datasets/styles/starry_night.jpg", longSide: 48)
        let optimizer = try optimizer()
        for (method, iterations, factor) in [(OptimizationSettings.Method.lbfgs, 30, 20.0), (.adam, 40, 5.0)] {
            let result = try optimizer.run(
                content: content, styles: [style], initial: content,
                settings: settings(method, iterations: iterations))
            let first = result.history.first!.total, last = result.history.last!.total
            XCTAssertLessThan(last * factor, first, "\(method): \(first) → \(last)")
            XCTAssertEqual(result.image.width, content.width)
        }
    }

    /// `iterations` N means N steps, for both methods (L-BFGS once stopped at N − 1: its
    /// evaluation budget did not count the evaluation at the starting point).
    func testIterationsPerformsExactlyThatManySteps() throws {
        let content = try repositoryImage("datasets/val/budgie_serene.jpg", longSide: 24)
        let optimizer = try optimizer()
        for method in OptimizationSettings.Method.allCases {
            var reported: [Int] = []
            let result = try optimizer.run(
                content: content, styles: [content], initial: content,
                settings: settings(method, iterations: 5)
            ) { p in
                reported.append(p.iteration)
                return true
            }
            XCTAssertEqual(result.history.count, 5, "\(method)")
            XCTAssertEqual(reported, [1, 2, 3, 4, 5], "\(method)")
        }
    }

    /// Texture synthesis (no content) from noise matches the style's Gram matrices far better
    /// than the noise did; the style loss of the result is far below the content photo's.
    func testTextureSynthesisFromNoise() throws {
        let style = try repositoryImage("datasets/styles/great_wave.jpg", longSide: 40)
        let optimizer = try optimizer()
        let noise = StyleOptimizer.noise(width: 40, height: 32, seed: 1)
        let result = try optimizer.run(
            content: nil, styles: [style], initial: noise, settings: settings(.lbfgs, iterations: 40))
        XCTAssertLessThan(result.history.last!.style * 4, result.history.first!.style)
    }

    /// Two styles blended: the result's Gram matrices sit between the two styles', so its style
    /// loss against the blend is lower than against either style alone.
    func testBlendedStyles() throws {
        let content = try repositoryImage("datasets/val/pop_nasa-53884_c1.jpg", longSide: 40)
        let a = try repositoryImage("datasets/styles/starry_night.jpg", longSide: 40)
        let b = try repositoryImage("datasets/styles/the_scream.jpg", longSide: 40)
        let optimizer = try optimizer()
        let blended = try optimizer.run(
            content: content, styles: [a, b], styleBlend: [1, 1], initial: content,
            settings: settings(.lbfgs, iterations: 30)
        ).image
        let loss = optimizer.loss
        let targetsA = try loss.styleTargets(for: Tensor(image: a)),
            targetsB = try loss.styleTargets(for: Tensor(image: b))
        let blend = StyleTargets.blend([targetsA, targetsB], weights: [1, 1])
        let x = Tensor(image: blended)
        let toBlend = try loss.evaluate(x, content: nil, style: blend).style
        let toA = try loss.evaluate(x, content: nil, style: targetsA).style
        let toB = try loss.evaluate(x, content: nil, style: targetsB).style
        XCTAssertLessThan(toBlend, min(toA, toB), "blend \(toBlend), A \(toA), B \(toB)")
        XCTAssertThrowsError(
            try optimizer.run(
                content: content, styles: [a, b], styleBlend: [1], initial: content,
                settings: settings(.lbfgs, iterations: 1)))
    }

    /// --preserve-colors: the result's chroma (YIQ I and Q) is the content's, measured.
    func testPreserveColorsKeepsTheContentsChroma() throws {
        let content = try repositoryImage("datasets/val/budgie_lake-sherburne.jpg", longSide: 40)
        let style = try repositoryImage("datasets/styles/starry_night.jpg", longSide: 40)
        var s = settings(.lbfgs, iterations: 15)
        let optimizer = try optimizer()
        let plain = try optimizer.run(content: content, styles: [style], initial: content, settings: s).image
        s.preserveColors = true
        let preserved = try optimizer.run(content: content, styles: [style], initial: content, settings: s).image
        func chromaDistance(_ a: Image, _ b: Image) -> Float {
            let n = a.width * a.height
            var total: Float = 0
            for p in 0..<n {
                let (r1, g1, b1) = (a.pixels[p], a.pixels[n + p], a.pixels[2 * n + p])
                let (r2, g2, b2) = (b.pixels[p], b.pixels[n + p], b.pixels[2 * n + p])
                let i = (0.596 * (r1 - r2) - 0.274 * (g1 - g2) - 0.322 * (b1 - b2))
                let q = (0.211 * (r1 - r2) - 0.523 * (g1 - g2) + 0.312 * (b1 - b2))
                total += abs(i) + abs(q)
            }
            return total / Float(n)
        }
        let kept = chromaDistance(preserved, content), changed = chromaDistance(plain, content)
        // Clamping to 0…255 leaves a little.
        XCTAssertLessThan(kept, 1.5, "chroma distance with --preserve-colors \(kept)")
        XCTAssertGreaterThan(changed, 4 * kept, "without it \(changed)")
    }
}
