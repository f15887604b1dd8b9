import Foundation
import Imaging
import NN
import StyleTransfer
import Tensors

/// `stylize:WxH`: one forward pass of the default transformation network (Johnson's
/// architecture, instance normalization, reflection padding, nearest upsampling), batch 1,
/// random weights and image, weights frozen (as `faststyle stylize` runs it).
///
/// `train:WxH`: one training step, batch 4, as peer_torch.py: network forward, VGG-16 on the
/// content batch (to relu2_2, the deepest content layer) and on the output (to relu4_3),
/// content + Gram style + TV losses, backward through VGG and the network, Adam. Random
/// images and style; the real VGG-16 weights.
enum TransformerBenchmarks {
    static func stylize(_ record: inout BenchmarkRecord, _ runner: BenchmarkRunner) throws {
        let (width, height) = runner.workload.imageSize
        let network = try TransformerNet(convolutions: ConvolutionSettings(policy: runner.policy))
        network.initialize(seed: 0)
        network.freeze()
        let image = randomImages(batch: 1, width: width, height: height, seed: 1)
        let gflop = TransformerFlops.forward(height: height, width: width) / 1e9
        record.summary = try runner.time(gflop: gflop) { _ = try network.forward(image) }
        record.timedRegion =
            "one forward pass of the network (input and output plain RGB tensors; no image decoding or encoding)"
    }

    static func train(_ record: inout BenchmarkRecord, _ runner: BenchmarkRunner) throws {
        let (width, height) = runner.workload.imageSize
        var settings = TrainingSettings()
        settings.imageSize = width
        settings.batchSize = record.batch
        settings.styleSize = nil
        let style = Image(tensor: randomImages(batch: 1, width: width, height: height, seed: 2))
        let trainer = try Trainer(
            settings: settings, style: style, vggPath: runner.vggWeightsPath, batches: nil,
            policy: runner.policy)
        let batch = randomImages(batch: record.batch, width: width, height: height, seed: 3)
        let network = TransformerFlops.forward(height: height, width: width)
        let first = TransformerFlops.firstLayer(height: height, width: width)
        let vgg = VGGFlops.forward(height: height, width: width, through: "relu4_3")
        let content = VGGFlops.forward(height: height, width: width, through: "relu2_2")
        // The work done, as flops.py's `flops_train(lean=True)`: network fwd + bwd-data (all but
        // the first layer) + bwd-weights, VGG on the output fwd + bwd-data, VGG on the content
        // fwd to relu2_2 (the content layer; PyTorch's `train:` runs it to relu4_3, `train_lean:`
        // does not).
        let gflop = Double(record.batch) * (3 * network - first + 2 * vgg + content) / 1e9
        record.summary = try runner.time(gflop: gflop) { try trainer.step(on: batch) }
        record.timedRegion =
            "one training step on a fixed random batch: network forward, VGG-16 on content (to relu2_2) and output "
            + "(to relu4_3), losses, backward, Adam (the work of PyTorch's train_lean:)"
    }

    private static func randomImages(batch: Int, width: Int, height: Int, seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let t = Tensor(shape: [batch, 3, height, width])
        t.fillUniform(0, 255, using: &generator)
        return t
    }
}
