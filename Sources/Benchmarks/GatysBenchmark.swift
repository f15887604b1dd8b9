import Foundation
import NN
import StyleTransfer
import Tensors

/// `gatys_lbfgs:512x512` and `gatys_adam:512x512`: one evaluation of the perceptual loss and its
/// gradient with respect to a 512² image (VGG-16 forward to relu4_3, Gram matrices, backward to
/// the pixels), as peer_torch.py: content relu2_2, style relu1_2, relu2_2, relu3_3, relu4_3,
/// random content and style images, the real VGG-16 weights.
/// - lbfgs: L-BFGS (history 100, strong Wolfe line search) for `reps` iterations; every loss
///   evaluation inside it is timed (the record's times are per evaluation);
/// - adam: each timed step is one evaluation plus an Adam update of the pixels.
/// GFLOP per evaluation: VGG forward + backward-data of its convolutions (flops.py's `flops_gatys`).
enum GatysBenchmark {
    static func measure(_ record: inout BenchmarkRecord, _ runner: BenchmarkRunner) throws {
        let (width, height) = runner.workload.imageSize
        let path = runner.vggWeightsPath
        let network = try VGGLossNetwork(weightsPath: path, upTo: "relu4_3", policy: runner.policy)
        let loss = try PerceptualLoss(network: network, settings: LossSettings())
        var random = SeededGenerator(seed: 0)
        func randomImage() -> Tensor {
            let t = Tensor(shape: [1, 3, height, width])
            t.fillUniform(0, 255, using: &random)
            return t
        }
        let content = try loss.contentTargets(for: randomImage())
        let style = try loss.styleTargets(for: randomImage())
        let image = randomImage()
        let gradient = Tensor(shape: image.shape)
        let gflop = 2 * VGGFlops.forward(height: height, width: width, through: "relu4_3") / 1e9

        if runner.workload.kind == "gatys_lbfgs" {
            for _ in 0..<runner.warmup { try loss.evaluate(image, content: content, style: style, gradient: gradient) }
            var times: [Double] = []
            var pixels = image.toArray()
            let lbfgs = LBFGS(
                settings: LBFGSSettings(
                    historySize: 100, lineSearch: .strongWolfe, maxIterations: runner.reps,
                    toleranceGradient: -1, toleranceChange: -1))
            try lbfgs.minimize(&pixels) { x, g in
                let start = DispatchTime.now().uptimeNanoseconds
                image.data.update(from: x, count: x.count)
                let terms = try loss.evaluate(image, content: content, style: style, gradient: gradient)
                g.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: gradient.data, count: $0.count) }
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                return Float(terms.total)
            }
            record.summary = TimingSummary(times: times, gflop: gflop)
            record.timedRegion =
                "each loss evaluation inside L-BFGS (strong Wolfe, history 100): copy pixels in, VGG-16 forward to "
                + "relu4_3, Gram matrices, losses, backward to the pixels, copy gradient out"
        } else {
            let adam = Adam(parameterCount: image.storageCount, learningRate: 1)
            record.summary = try runner.time(gflop: gflop) {
                try loss.evaluate(image, content: content, style: style, gradient: gradient)
                adam.step(parameters: image.buffer, gradients: UnsafeBufferPointer(gradient.buffer))
            }
            record.timedRegion =
                "one loss evaluation (VGG-16 forward to relu4_3, Gram matrices, losses, backward to the pixels) and "
                + "an Adam step on the pixels"
        }
    }
}
