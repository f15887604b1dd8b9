import Tensors

/// `conv:WxH`: one 3×3 convolution 128 → 128 channels, zero padding 1, stride 1, with bias, batch 4
/// (the transformer's residual-block convolution; peer_torch.py's `conv` workload).
///
/// Each pass is timed alone: forward, backward-data and backward-weights, each over the same
/// fixed tensors. Activations are in the channel-blocked layout oneDNN computes in, so the timed
/// region is the oneDNN primitive (plus creating its memory objects and waiting on the stream):
/// - fwd, bwd_data: the weights' reorder to oneDNN's layout is kept in a `WeightCache`, as for a
///   frozen layer and as PyTorch's F.conv2d with fixed weights;
/// - bwd_weights: includes reordering the weight gradient from oneDNN's layout to plain OIHW and
///   accumulating it into the gradient tensor (what training pays per step).
/// GFLOP per pass: 2·N·K·C·9·H·W.
enum ConvolutionBenchmark {
    static let channels = 128

    static func measure(_ record: inout BenchmarkRecord, _ runner: BenchmarkRunner) {
        let size = runner.workload.imageSize
        let geometry = ConvolutionGeometry(
            batch: record.batch, inChannels: channels, outChannels: channels,
            height: size.height, width: size.width, kernelSize: 3, padding: 1,
            hasBias: true)
        let block = ChannelLayout.preferredBlock
        // Values do not change the timings, but denormals and NaNs would: uniform, bounded.
        var random = SeededGenerator(seed: 0)
        func uniform(_ shape: [Int], scale: Float, block: Int = 1) -> Tensor {
            let plain = Tensor(shape: shape)
            plain.fillUniform(-scale, scale, using: &random)
            return block == 1 ? plain : Tensor(converting: plain, toChannelBlock: block)
        }
        let input = uniform(geometry.inputShape, scale: 1, block: block)
        let outputGradient = uniform(geometry.outputShape, scale: 1, block: block)
        let weights = uniform(geometry.weightShape, scale: 0.05)
        let bias = Tensor(shape: [channels])
        let output = Tensor(shape: geometry.outputShape, channelBlock: block)
        let inputGradient = Tensor(shape: geometry.inputShape, channelBlock: block)
        let weightGradient = Tensor(shape: geometry.weightShape)
        let biasGradient = Tensor(shape: [channels])
        let kernel = ConvolutionKernel.shared(geometry, policy: runner.policy)
        let weightCache = WeightCache()
        let gflop = geometry.flops / 1e9

        let forward = runner.time(gflop: gflop) {
            kernel.forward(input: input, weights: weights, bias: bias, output: output, weightCache: weightCache)
        }
        let backwardData = runner.time(gflop: gflop) {
            kernel.backwardData(
                outputGradient: outputGradient, weights: weights, inputGradient: inputGradient,
                weightCache: weightCache)
        }
        let backwardWeights = runner.time(gflop: gflop) {
            kernel.backwardWeights(
                input: input, outputGradient: outputGradient, weightGradient: weightGradient,
                biasGradient: biasGradient)
        }
        let passes = [forward, backwardData, backwardWeights]
        // Headline: one full layer step, fwd + bwd_data + bwd_weights (the i-th times summed).
        record.summary = TimingSummary(
            times: (0..<runner.reps).map { i in passes.reduce(0) { $0 + $1.times[i] } },
            gflop: 3 * gflop)
        record.passes = ["fwd": forward, "bwd_data": backwardData, "bwd_weights": backwardWeights]
        record.implementations = kernel.implementations
        record.gflopPerPass = gflop
        record.shape = [
            "N": geometry.batch, "C": channels, "K": channels, "H": size.height, "W": size.width,
            "kernel": 3, "pad": 1,
        ]
        record.timedRegion =
            "each pass alone: the oneDNN primitive (weights pre-reordered for fwd/bwd_data; "
            + "bwd_weights includes its reorder to plain OIHW and accumulation); headline = sum of the 3 passes"
    }
}
