import CDNNL
import Foundation

/// A convolution's oneDNN primitives (forward, backward-data, backward-weights) for one geometry
/// and policy, shared by every layer with the same geometry and policy.
///
/// Each pass may be computed in several ways (`ConvolutionVariant`: direct or Winograd in float32,
/// direct in bfloat16), as the policy allows and as oneDNN implements them for the shape on this
/// CPU. Which is fastest depends on the shape and on the CPU (measured: Winograd is 1.3–2.9× the
/// direct convolution at 32–512 channels and 16²–256² pixels per image, but 2–7× slower on
/// 8×8 and 16×16 maps of one image; bfloat16 is about 2× on a Zen 5, 1.3–2.2× on a Zen 4, where
/// Winograd beats it), so no fixed rule fits: the first call of a pass runs every variant twice
/// on the real operands, times each, and keeps the fastest for the rest of the process, for this
/// geometry and those of nearly the same size. That first call costs about twice the sum of the
/// variants; the result it leaves is the chosen variant's. Choices made while other work loads
/// the machine may not be the best ones; `--conv-algorithm` and `--precision` narrow them.
public final class ConvolutionKernel {
    public let geometry: ConvolutionGeometry
    public let policy: ConvolutionPolicy

    fileprivate enum Pass: String, CaseIterable {
        case forward = "fwd", backwardData = "bwd_data", backwardWeights = "bwd_weights"
    }
    fileprivate struct Slot: Hashable {
        let pass: Pass
        let variant: ConvolutionVariant
        var name: String { "\(pass.rawValue) \(variant.rawValue)" }
    }
    private func chosenSlot(_ pass: Pass) -> Slot { Slot(pass: pass, variant: chosen[pass]!) }
    private var primitives: [Slot: Primitive] = [:]
    private var unimplemented: Set<Slot> = []
    private var chosen: [Pass: ConvolutionVariant] = [:]
    private let scratch = ScratchBuffer()
    private let gradientScratch = ScratchBuffer()
    private let inputScratch = TensorScratch()
    private let outputScratch = TensorScratch()
    /// Layout of the gradients in the backward-data pass, per variant (see `makeBackwardData`).
    private var dataGradientBlocks: [ConvolutionVariant: Int] = [:]
    private let plainInputScratch = TensorScratch()
    private let plainOutputScratch = TensorScratch()

    private struct Key: Hashable {
        let geometry: ConvolutionGeometry
        let policy: ConvolutionPolicy
    }
    private static var cache: [Key: ConvolutionKernel] = [:]
    private static let cacheLock = NSLock()

    /// The kernel for `geometry` under `policy`, created once per process.
    public static func shared(_ geometry: ConvolutionGeometry, policy: ConvolutionPolicy = .exact) -> ConvolutionKernel
    {
        cacheLock.withLock {
            let key = Key(geometry: geometry, policy: policy)
            if let kernel = cache[key] { return kernel }
            let kernel = ConvolutionKernel(geometry, policy: policy)
            cache[key] = kernel
            return kernel
        }
    }

    /// Forgets every kernel (their primitives and scratch memory go with the last user): a
    /// program that meets many image sizes, as stylizing a folder of photographs does, would
    /// otherwise keep about 9 MB of kernels per size it has seen. Their measured choices stay
    /// (`ConvolutionChoices`).
    public static func removeAll() {
        cacheLock.withLock { cache.removeAll() }
    }

    private init(_ geometry: ConvolutionGeometry, policy: ConvolutionPolicy) {
        self.geometry = geometry
        self.policy = policy
    }

    // MARK: Layouts
    //
    // oneDNN 2.6 has fast (jit) kernels for every pass only in its channel-blocked layout,
    // except that a forward or backward-weights pass over a source of few channels (the RGB
    // image) wants that source plain. So each pass runs in the layout oneDNN is fast in, and
    // tensors given in another layout (3-channel images kept plain) are reordered through
    // scratch tensors here, at the network's edges, where they are small. A bfloat16 variant
    // reads its inputs (source, or output gradient) as bfloat16 copies made here, and writes
    // float32: the network between convolutions stays float32.

    private var blocked: Int { ChannelLayout.preferredBlock }
    /// Layout of the source in the forward and backward-weights passes.
    private var sourceBlock: Int { geometry.inChannels < 8 ? 1 : blocked }
    private func sourceMD(_ type: dnnl_data_type_t = dnnl_f32) -> dnnl_memory_desc_t {
        DNNL.activationDescriptor(shape: geometry.inputShape, channelBlock: sourceBlock, dataType: type)
    }
    private func diffSourceMD(block: Int) -> dnnl_memory_desc_t {
        DNNL.activationDescriptor(shape: geometry.inputShape, channelBlock: block)
    }
    private func destinationMD(_ type: dnnl_data_type_t = dnnl_f32, block: Int? = nil) -> dnnl_memory_desc_t {
        DNNL.activationDescriptor(shape: geometry.outputShape, channelBlock: block ?? blocked, dataType: type)
    }
    private var plainWeightsMD: dnnl_memory_desc_t { DNNL.descriptor(shape: geometry.weightShape, tag: dnnl_oihw) }
    private func anyWeightsMD(_ type: dnnl_data_type_t) -> dnnl_memory_desc_t {
        DNNL.descriptor(shape: geometry.weightShape, tag: dnnl_format_tag_any, dataType: type)
    }
    private var biasMD: dnnl_memory_desc_t { DNNL.descriptor(shape: [geometry.outChannels], tag: dnnl_x) }

    private var strides: [Int64] { [Int64(geometry.stride), Int64(geometry.stride)] }
    private var paddingLeft: [Int64] { [Int64(geometry.padding), Int64(geometry.padding)] }
    private var paddingRight: [Int64] {
        let p = Int64(geometry.padding - geometry.outputPadding)
        return [p, p]
    }

    // MARK: Primitives

    /// The primitive of `pass` computed as `variant`, or nil where oneDNN has no implementation
    /// of it (Winograd on a CPU without AVX-512, bfloat16 without AVX512_BF16, odd shapes).
    private func primitive(_ pass: Pass, _ variant: ConvolutionVariant) -> Primitive? {
        let slot = Slot(pass: pass, variant: variant)
        if let p = primitives[slot] { return p }
        if unimplemented.contains(slot) { return nil }
        let made: Primitive?
        switch pass {
        case .forward: made = makeForward(variant)
        case .backwardData: made = primitive(.forward, variant).flatMap { makeBackwardData(variant, hint: $0) }
        case .backwardWeights: made = primitive(.forward, variant).flatMap { makeBackwardWeights(variant, hint: $0) }
        }
        // oneDNN's reference kernels are correct but tens of times slower than the jit ones: a
        // variant that only has one is as good as absent.
        guard let made, variant == .direct || !made.implementation.hasPrefix("ref") else {
            precondition(
                variant != .direct, "oneDNN has no direct float32 \(pass.rawValue) convolution for \(geometry)")
            unimplemented.insert(slot)
            return nil
        }
        primitives[slot] = made
        return made
    }

    private func makeForward(_ variant: ConvolutionVariant) -> Primitive? {
        let type = variant.dataType
        var src = sourceMD(type), weights = anyWeightsMD(type), bias = biasMD, dst = destinationMD()
        var attributes: dnnl_primitive_attr_t?
        DNNL.check(dnnl_primitive_attr_create(&attributes), "attributes")
        defer { dnnl_primitive_attr_destroy(attributes) }
        if geometry.fusedReLU {
            var postOps: dnnl_post_ops_t?
            DNNL.check(dnnl_post_ops_create(&postOps), "post-ops")
            DNNL.check(dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_relu, 0, 0), "relu post-op")
            DNNL.check(dnnl_primitive_attr_set_post_ops(attributes, postOps), "set post-ops")
            dnnl_post_ops_destroy(postOps)
        }
        return withOptionalPointer(to: &bias, if: geometry.hasBias) { biasPointer in
            if geometry.transposed {
                var op = dnnl_deconvolution_desc_t()
                DNNL.check(
                    dnnl_deconvolution_forward_desc_init(
                        &op, dnnl_forward_training, dnnl_deconvolution_direct,
                        &src, &weights, biasPointer, &dst, strides, paddingLeft, paddingRight),
                    "deconvolution forward \(geometry)")
                return Primitive(ifImplemented: &op, attributes: attributes)
            }
            var op = dnnl_convolution_desc_t()
            DNNL.check(
                dnnl_convolution_forward_desc_init(
                    &op, dnnl_forward_training, variant.algorithm,
                    &src, &weights, biasPointer, &dst, strides, paddingLeft, paddingRight),
                "convolution forward \(geometry)")
            return Primitive(ifImplemented: &op, attributes: attributes)
        }
    }

    // MARK: Backward data where oneDNN's blocked kernel is its reference one
    //
    // oneDNN 2.6's AVX2 kernels (CPUs without AVX-512) lack a backward-data kernel in the blocked
    // layout for two of the network's convolutions, the 32 → 3 output layer (9×9) and a stride-2
    // convolution whose last input row is unused, and its reference kernel took 8–12 s of a
    // 20.9 s training step (128², batch 4, Zen 3). A stride-1 one runs instead as the forward
    // convolution of its output gradient with the weights flipped and transposed (27 ms at 256²,
    // batch 4, where gemm on plain layouts takes 664 ms); the others with gemm on plain layouts,
    // the gradients reordered around it.

    /// The backward-data primitive in the blocked layout, or in the plain one where only that
    /// has a fast kernel.
    private func makeBackwardData(_ variant: ConvolutionVariant, hint: Primitive) -> Primitive? {
        let made = makeBackwardData(variant, hint: hint, block: blocked)
        guard variant == .direct, let made, made.implementation.hasPrefix("ref"),
            let plain = makeBackwardData(variant, hint: hint, block: 1), !plain.implementation.hasPrefix("ref")
        else { return made }
        dataGradientBlocks[variant] = 1
        return plain
    }

    /// For a stride-1 convolution to few channels whose direct backward-data kernel in the
    /// blocked layout is oneDNN's reference one: the unpadded convolution that computes its input
    /// gradient as a forward pass over the output gradient padded with `flippedPadding` zeros
    /// (oneDNN's fast forward kernels from few plain channels take no padding as wide as k − 1).
    private lazy var flippedForward: ConvolutionKernel? = {
        let g = geometry
        guard g.stride == 1, !g.transposed, g.outChannels < 8, g.padding < g.kernelSize,
            let forward = primitive(.forward, .direct),
            makeBackwardData(.direct, hint: forward, block: blocked)?.implementation.hasPrefix("ref") == true
        else { return nil }
        return .shared(
            ConvolutionGeometry(
                batch: g.batch, inChannels: g.outChannels, outChannels: g.inChannels,
                height: g.outputHeight + 2 * flippedPadding, width: g.outputWidth + 2 * flippedPadding,
                kernelSize: g.kernelSize, hasBias: false), policy: policy)
    }()
    private var flippedPadding: Int { geometry.kernelSize - 1 - geometry.padding }

    /// `t` (few channels) in plain layout with `flippedPadding` zeros around each plane.
    private func zeroPadded(_ t: Tensor) -> Tensor {
        let plain = t.channelBlock == 1 ? t : Tensor(converting: t, toChannelBlock: 1)
        let q = flippedPadding, h = t.shape[2], w = t.shape[3]
        let padded = Tensor(shape: [t.shape[0], t.shape[1], h + 2 * q, w + 2 * q])
        for plane in 0..<t.shape[0] * t.shape[1] {
            for y in 0..<h {
                (padded.data + (plane * (h + 2 * q) + y + q) * (w + 2 * q) + q).update(
                    from: plain.data + (plane * h + y) * w, count: w)
            }
        }
        return padded
    }

    /// W'[c][o][i][j] = W[o][c][k−1−i][k−1−j], the weights of `flippedForward`.
    private func flippedWeights(_ weights: Tensor) -> Tensor {
        let g = geometry, k = g.kernelSize
        let flipped = Tensor(uninitializedShape: [g.inChannels, g.outChannels, k, k])
        for o in 0..<g.outChannels {
            for c in 0..<g.inChannels {
                let from = weights.data + (o * g.inChannels + c) * k * k,
                    to = flipped.data + (c * g.outChannels + o) * k * k
                for i in 0..<k * k { to[k * k - 1 - i] = from[i] }
            }
        }
        return flipped
    }

    private func makeBackwardData(_ variant: ConvolutionVariant, hint: Primitive, block: Int) -> Primitive? {
        let type = variant.dataType
        var diffSrc = diffSourceMD(block: block), weights = anyWeightsMD(type),
            diffDst = destinationMD(type, block: block)
        if geometry.transposed {
            var op = dnnl_deconvolution_desc_t()
            DNNL.check(
                dnnl_deconvolution_backward_data_desc_init(
                    &op, dnnl_deconvolution_direct,
                    &diffSrc, &weights, &diffDst, strides, paddingLeft, paddingRight), "deconvolution backward data")
            return Primitive(ifImplemented: &op, hint: hint)
        }
        var op = dnnl_convolution_desc_t()
        DNNL.check(
            dnnl_convolution_backward_data_desc_init(
                &op, variant.algorithm,
                &diffSrc, &weights, &diffDst, strides, paddingLeft, paddingRight), "convolution backward data")
        return Primitive(ifImplemented: &op, hint: hint)
    }

    private func makeBackwardWeights(_ variant: ConvolutionVariant, hint: Primitive) -> Primitive? {
        let type = variant.dataType
        var src = sourceMD(type), diffWeights = anyWeightsMD(dnnl_f32), diffBias = biasMD, diffDst = destinationMD(type)
        return withOptionalPointer(to: &diffBias, if: geometry.hasBias) { biasPointer in
            if geometry.transposed {
                var op = dnnl_deconvolution_desc_t()
                DNNL.check(
                    dnnl_deconvolution_backward_weights_desc_init(
                        &op, dnnl_deconvolution_direct,
                        &src, &diffWeights, biasPointer, &diffDst, strides, paddingLeft, paddingRight),
                    "deconvolution backward weights")
                return Primitive(ifImplemented: &op, hint: hint)
            }
            var op = dnnl_convolution_desc_t()
            DNNL.check(
                dnnl_convolution_backward_weights_desc_init(
                    &op, variant.algorithm,
                    &src, &diffWeights, biasPointer, &diffDst, strides, paddingLeft, paddingRight),
                "convolution backward weights")
            return Primitive(ifImplemented: &op, hint: hint)
        }
    }

    /// Runs `pass` as its chosen variant; on the pass's first call, runs every variant the policy
    /// allows and oneDNN implements, times each, and chooses the fastest (leaving its result).
    private func run(_ pass: Pass, _ body: (ConvolutionVariant, Primitive) -> Void) {
        if let variant = chosen[pass] { return body(variant, primitive(pass, variant)!) }
        let shapeClass = ConvolutionChoices.ShapeClass(geometry, policy, pass: pass.rawValue)
        if let variant = ConvolutionChoices.measured(shapeClass), let p = primitive(pass, variant) {
            chosen[pass] = variant
            return body(variant, p)
        }
        var candidates = policy.variants(
            kernelSize: geometry.kernelSize, stride: geometry.stride,
            transposed: geometry.transposed
        )
        .compactMap { variant in primitive(pass, variant).map { (variant: variant, primitive: $0) } }
        if candidates.isEmpty { candidates = [(.direct, primitive(pass, .direct)!)] }
        guard candidates.count > 1 else {
            chosen[pass] = candidates[0].variant
            return body(candidates[0].variant, candidates[0].primitive)
        }
        if let slice = trialSlice(), let variant = slice.choice(pass), let p = primitive(pass, variant) {
            chosen[pass] = variant
            ConvolutionChoices.remember(variant, for: shapeClass)
            return body(variant, p)
        }
        let winner = candidates[
            Self.fastest(
                candidates.map(\.variant), label: "\(pass.rawValue) \(geometry)", shape: shapeClass
            ) { body(candidates[$0].variant, candidates[$0].primitive) }]
        chosen[pass] = winner.variant
        for candidate in candidates where candidate.variant != winner.variant {
            primitives[Slot(pass: pass, variant: candidate.variant)] = nil
        }
        if winner.variant != candidates.last!.variant { body(winner.variant, winner.primitive) }
    }

    // MARK: Measuring on a slice
    //
    // Timing every variant twice on a large map costs several passes: for a single photograph
    // of 768×512 it was most of the run (0.68 s against 0.41 s exact). A geometry with more
    // than `trialWork` per pass is measured instead on a slice of its rows, with operands of its
    // own (zeros: the speed of these kernels does not depend on the values), which bounds the
    // cost of a choice to a few milliseconds; the variants' relative speed hardly changes with
    // the number of rows.

    /// Direct-convolution FLOPs of one trial run: about 2 ms at the direct kernel's speed here.
    static let trialWork = 1e9

    /// The geometry with fewer input rows, or nil when this one is cheap enough to measure as it is.
    private func trialSlice() -> ConvolutionKernel? {
        guard geometry.flops > 1.5 * Self.trialWork else { return nil }
        let outputRows = max(16, Int(Double(geometry.outputHeight) * Self.trialWork / geometry.flops))
        var slice = geometry
        slice.height =
            geometry.transposed
            ? max(2, outputRows / geometry.stride)
            : (outputRows - 1) * geometry.stride + geometry.kernelSize - 2 * geometry.padding
        guard slice.height < geometry.height, slice.outputHeight > 0 else { return nil }
        return ConvolutionKernel(slice, policy: policy)
    }

    /// Runs `pass` once on zero operands of this kernel's geometry (which measures the variants,
    /// see `run`) and returns the variant chosen.
    private func choice(_ pass: Pass) -> ConvolutionVariant? {
        let g = geometry, block = blocked
        let input = Tensor(shape: g.inputShape, channelBlock: ChannelLayout.block(forChannels: g.inChannels))
        let output = Tensor(shape: g.outputShape, channelBlock: block)
        let weights = Tensor(shape: g.weightShape), bias = g.hasBias ? Tensor(shape: [g.outChannels]) : nil
        switch pass {
        case .forward:
            forward(input: input, weights: weights, bias: bias, output: output)
        case .backwardData:
            backwardData(outputGradient: output, weights: weights, inputGradient: input)
        case .backwardWeights:
            backwardWeights(input: input, outputGradient: output, weightGradient: weights, biasGradient: bias)
        }
        return chosen[pass]
    }

    /// FASTSTYLE_CONV_VERBOSE=1 prints every measurement and choice on stderr.
    static let reportsChoices = ProcessInfo.processInfo.environment["FASTSTYLE_CONV_VERBOSE"] == "1"

    /// The index of the fastest of `variants`, `run(index)` running each, remembered for `shape`
    /// in the convolution choices (and printed under FASTSTYLE_CONV_VERBOSE). Two rounds over
    /// the variants, every run timed, the best of its two kept: a first run touches fresh
    /// scratch memory (Winograd's is large) and would look up to 2× slower than it is, and
    /// interleaving the rounds keeps a burst of other work on the machine from landing on one
    /// variant's runs only.
    static func fastest(
        _ variants: [ConvolutionVariant], label: String, shape: ConvolutionChoices.ShapeClass,
        run: (_ index: Int) -> Void
    ) -> Int {
        var best = [Double](repeating: .infinity, count: variants.count)
        for _ in 0..<2 {
            for index in variants.indices {
                let start = DispatchTime.now().uptimeNanoseconds
                run(index)
                best[index] = min(best[index], Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
        }
        let winner = best.indices.min { best[$0] < best[$1] }!
        if reportsChoices {
            let times = zip(variants, best).map { "\($0.rawValue) \(String(format: "%.3f", $1 * 1e3)) ms" }
            FileHandle.standardError.write(
                Data("faststyle: \(label): \(times.joined(separator: ", ")) -> \(variants[winner].rawValue)\n".utf8))
        }
        ConvolutionChoices.remember(variants[winner], for: shape)
        return winner
    }

    // MARK: Sub-batches
    //
    // Winograd keeps the transformed input and output tiles of the whole batch in scratch memory,
    // 2.25× the input and output: 150 MB for VGG's conv2_2 at 128², batch 4, on top of the
    // activations a training step holds (peak RSS 1.85 → 2.05 GB). Per image it is a quarter of
    // that and runs as fast on such maps, so a batch whose scratch exceeds `scratchBudget` runs
    // as sub-batches (by a kernel of that batch size), each within it.

    public static let scratchBudget = 32 << 20

    /// The scratch memory each pass run so far needs for the whole batch, in bytes: oneDNN sizes
    /// it from the CPU (its caches and instruction set), so whether a pass runs in sub-batches
    /// depends on the machine.
    public var scratchpadBytes: [String: Int] {
        Dictionary(
            uniqueKeysWithValues: chosen.map { pass, variant in
                (pass.rawValue, primitive(pass, variant)!.scratchpadBytes)
            })
    }

    /// The kernel that runs `pass` of `variant` in sub-batches, or nil to run the whole batch.
    private func subBatchKernel(_ pass: Pass, _ variant: ConvolutionVariant, _ p: Primitive) -> ConvolutionKernel? {
        guard variant == .winograd, geometry.batch > 1, p.scratchpadBytes > Self.scratchBudget else { return nil }
        let perImage = max(1, p.scratchpadBytes / geometry.batch)
        let size = (1...geometry.batch).last { geometry.batch % $0 == 0 && $0 * perImage <= Self.scratchBudget } ?? 1
        var smaller = geometry
        smaller.batch = size
        return .shared(smaller, policy: .winogradOnly)
    }

    /// Views of `t`'s images in groups of `size` (each image's storage is contiguous).
    private static func subBatches(_ t: Tensor, size: Int) -> [Tensor] {
        let perImage = t.storageCount / t.batch
        return stride(from: 0, to: t.batch, by: size).map { first in
            Tensor(
                viewing: t.data + first * perImage, shape: [size] + t.shape.dropFirst(), channelBlock: t.channelBlock,
                owner: t)
        }
    }

    /// The variant each pass run so far uses and oneDNN's implementation of it, e.g.
    /// "winograd jit_wino_4x3:avx512_core" (for benchmarks, tests and DNNL_VERBOSE readers).
    public var implementations: [String: String] {
        var names: [String: String] = [:]
        for (pass, variant) in chosen {
            let p = primitive(pass, variant)!
            let parts = subBatchKernel(pass, variant, p).map { " in sub-batches of \($0.geometry.batch)" } ?? ""
            names[pass.rawValue] = "\(variant.rawValue) \(p.implementation)\(parts)"
        }
        if let forward = flippedForward?.implementations["fwd"] {
            names[Pass.backwardData.rawValue] = "\(forward) (forward, flipped weights)"
        }
        return names
    }

    // MARK: Passes

    /// output = conv(input, weights) + bias (then ReLU if fused).
    /// `weights` is plain (out, in, kh, kw); it is reordered to oneDNN's layout on each call
    /// unless `weightCache` already holds it.
    public func forward(input: Tensor, weights: Tensor, bias: Tensor?, output: Tensor, weightCache: WeightCache? = nil)
    {
        checkActivation(input, geometry.inputShape, "input")
        checkActivation(output, geometry.outputShape, "output")
        let dst = outputScratch.inLayout(blocked, like: output)
        run(.forward) { variant, p in
            if let part = subBatchKernel(.forward, variant, p) {
                let size = part.geometry.batch
                for (x, y) in zip(Self.subBatches(input, size: size), Self.subBatches(dst, size: size)) {
                    part.forward(input: x, weights: weights, bias: bias, output: y, weightCache: weightCache)
                }
                return
            }
            let weightsMD = p.memoryDescriptor(dnnl_query_weights_md)
            let w = prepared(weights, as: weightsMD, cache: weightCache, slot: Slot(pass: .forward, variant: variant))
            let src = operand(input, as: sourceMD(variant.dataType), block: sourceBlock, scratch: inputScratch)
            var arguments: [(Int32, dnnl_memory_desc_t, UnsafeMutableRawPointer)] = [
                (DNNL_ARG_SRC, src.md, src.pointer),
                (DNNL_ARG_WEIGHTS, weightsMD, w),
                (DNNL_ARG_DST, destinationMD(), UnsafeMutableRawPointer(dst.data)),
            ]
            if geometry.hasBias, let bias {
                arguments.append((DNNL_ARG_BIAS, biasMD, UnsafeMutableRawPointer(bias.data)))
            }
            p.execute(arguments)
            withExtendedLifetime(src.owner) {}
        }
        weightCache?.keepOnly(chosenSlot(.forward))
        if dst !== output { Reorder.copy(dst, into: output) }
    }

    /// inputGradient = conv_backward_data(outputGradient, weights) (overwrites inputGradient).
    public func backwardData(
        outputGradient: Tensor, weights: Tensor, inputGradient: Tensor, weightCache: WeightCache? = nil
    ) {
        checkActivation(outputGradient, geometry.outputShape, "output gradient")
        checkActivation(inputGradient, geometry.inputShape, "input gradient")
        if let flippedForward {
            return flippedForward.forward(
                input: zeroPadded(outputGradient), weights: flippedWeights(weights), bias: nil,
                output: inputGradient)
        }
        run(.backwardData) { variant, p in
            if let part = subBatchKernel(.backwardData, variant, p) {
                let size = part.geometry.batch
                for (dy, dx) in zip(
                    Self.subBatches(outputGradient, size: size), Self.subBatches(inputGradient, size: size))
                {
                    part.backwardData(outputGradient: dy, weights: weights, inputGradient: dx, weightCache: weightCache)
                }
                return
            }
            let block = dataGradientBlocks[variant] ?? blocked
            let diffSrc = (block == blocked ? inputScratch : plainInputScratch).inLayout(block, like: inputGradient)
            let weightsMD = p.memoryDescriptor(dnnl_query_weights_md)
            let w = prepared(
                weights, as: weightsMD, cache: weightCache, slot: Slot(pass: .backwardData, variant: variant))
            let diffDst = operand(
                outputGradient, as: destinationMD(variant.dataType, block: block), block: block,
                scratch: block == blocked ? outputScratch : plainOutputScratch)
            p.execute([
                (DNNL_ARG_DIFF_DST, diffDst.md, diffDst.pointer),
                (DNNL_ARG_WEIGHTS, weightsMD, w),
                (DNNL_ARG_DIFF_SRC, diffSourceMD(block: block), UnsafeMutableRawPointer(diffSrc.data)),
            ])
            withExtendedLifetime(diffDst.owner) {}
            if diffSrc !== inputGradient { Reorder.copy(diffSrc, into: inputGradient) }
        }
        weightCache?.keepOnly(chosenSlot(.backwardData))
    }

    /// weightGradient += dL/dW, biasGradient += dL/db (plain layouts).
    public func backwardWeights(input: Tensor, outputGradient: Tensor, weightGradient: Tensor, biasGradient: Tensor?) {
        checkActivation(input, geometry.inputShape, "input")
        checkActivation(outputGradient, geometry.outputShape, "output gradient")
        precondition(weightGradient.shape == geometry.weightShape, "weight gradient \(weightGradient.shape)")
        let biasBytes = geometry.outputChannelsBytes
        // Each variant leaves dL/dW in plain (out, in, kh, kw) and dL/db at the start of the scratch.
        var plain: UnsafeMutablePointer<Float>?, diffBias: UnsafeMutableRawPointer?
        var partSums: (weights: Tensor, bias: Tensor)?
        run(.backwardWeights) { variant, p in
            if let part = subBatchKernel(.backwardWeights, variant, p) {
                // The sub-batches accumulate into sums of their own, so that a timed trial run
                // (see `run`) adds nothing to the caller's gradients.
                let sums = (weights: Tensor(shape: geometry.weightShape), bias: Tensor(shape: [geometry.outChannels]))
                let size = part.geometry.batch
                for (x, dy) in zip(Self.subBatches(input, size: size), Self.subBatches(outputGradient, size: size)) {
                    part.backwardWeights(
                        input: x, outputGradient: dy, weightGradient: sums.weights, biasGradient: sums.bias)
                }
                partSums = sums
                plain = sums.weights.data
                diffBias = UnsafeMutableRawPointer(sums.bias.data)
                return
            }
            let diffWeightsMD = p.memoryDescriptor(dnnl_query_diff_weights_md)
            let weightBytes = DNNL.byteSize(diffWeightsMD)
            let raw = gradientScratch.raw(bytes: weightBytes + biasBytes + weightGradient.storageCount * 4 + 64)
            let diffWeights = raw + biasBytes
            let src = operand(input, as: sourceMD(variant.dataType), block: sourceBlock, scratch: inputScratch)
            let diffDst = operand(
                outputGradient, as: destinationMD(variant.dataType), block: blocked, scratch: outputScratch)
            var arguments: [(Int32, dnnl_memory_desc_t, UnsafeMutableRawPointer)] = [
                (DNNL_ARG_SRC, src.md, src.pointer),
                (DNNL_ARG_DIFF_DST, diffDst.md, diffDst.pointer),
                (DNNL_ARG_DIFF_WEIGHTS, diffWeightsMD, diffWeights),
            ]
            if geometry.hasBias { arguments.append((DNNL_ARG_DIFF_BIAS, biasMD, raw)) }
            p.execute(arguments)
            withExtendedLifetime((src.owner, diffDst.owner)) {}
            let plainWeights = (diffWeights + weightBytes).alignedUp(64).assumingMemoryBound(to: Float.self)
            Reorder.copy(from: diffWeightsMD, diffWeights, to: plainWeightsMD, UnsafeMutableRawPointer(plainWeights))
            plain = plainWeights
            diffBias = raw
        }
        Elementwise.add(plain!, into: weightGradient.data, count: weightGradient.storageCount)
        if geometry.hasBias, let biasGradient {
            Elementwise.add(
                diffBias!.assumingMemoryBound(to: Float.self), into: biasGradient.data, count: geometry.outChannels)
        }
        withExtendedLifetime(partSums) {}
    }

    /// `t` as an operand described by `md`: float32 in layout `block` (`t` itself, or its copy in
    /// `scratch`), or a bfloat16 copy in memory that lives as long as the returned `owner`.
    private func operand(_ t: Tensor, as md: dnnl_memory_desc_t, block: Int, scratch: TensorScratch)
        -> (md: dnnl_memory_desc_t, pointer: UnsafeMutableRawPointer, owner: Tensor)
    {
        if md.data_type == dnnl_f32 {
            let converted = scratch.inLayout(block, copying: t)
            return (md, UnsafeMutableRawPointer(converted.data), converted)
        }
        // Transient: freed tensor memory is reused (TensorStorage), and a copy kept per kernel
        // would hold half of every activation of the network.
        let copy = Tensor(uninitializedShape: [(DNNL.byteSize(md) + 3) / 4])
        Reorder.copy(
            from: DNNL.descriptor(of: t), UnsafeMutableRawPointer(t.data), to: md, UnsafeMutableRawPointer(copy.data))
        return (md, UnsafeMutableRawPointer(copy.data), copy)
    }

    /// Weights in the layout `md` asks for: from the cache, or reordered into scratch memory.
    private func prepared(_ weights: Tensor, as md: dnnl_memory_desc_t, cache: WeightCache?, slot: Slot)
        -> UnsafeMutableRawPointer
    {
        precondition(
            weights.shape == geometry.weightShape, "weights \(weights.shape), expected \(geometry.weightShape)")
        let key = slot.name
        // A layer's kernels for other sizes may be other oneDNN implementations wanting its
        // weights in another layout: what is kept is used only in the layout it was made for.
        var layout = md
        if let cache, let cached = cache.buffers[key], dnnl_memory_desc_equal(&layout, &cache.layouts[key]!) != 0 {
            return cached.pointer!
        }
        let buffer =
            cache.map { c -> ScratchBuffer in
                let b = ScratchBuffer()
                c.buffers[key] = b
                c.layouts[key] = md
                return b
            } ?? scratch
        let pointer = buffer.raw(bytes: DNNL.byteSize(md))
        Reorder.copy(from: plainWeightsMD, UnsafeMutableRawPointer(weights.data), to: md, pointer)
        return pointer
    }

    private func checkActivation(_ t: Tensor, _ shape: [Int], _ role: String) {
        precondition(t.shape == shape, "convolution \(role) is \(t), expected \(shape)")
    }
}

/// Weights of a frozen layer kept in oneDNN's layouts (per pass and variant), so that they are
/// reordered once, not on every call.
public final class WeightCache {
    fileprivate var buffers: [String: ScratchBuffer] = [:]
    fileprivate var layouts: [String: dnnl_memory_desc_t] = [:]
    public init() {}
    /// Forget the reordered weights (after the plain weights changed).
    public func invalidate() {
        buffers.removeAll()
        layouts.removeAll()
    }

    /// Drops the weights kept for the other variants of `slot`'s pass (after a pass has chosen).
    fileprivate func keepOnly(_ slot: ConvolutionKernel.Slot) {
        let pass = slot.pass.rawValue + " "
        buffers = buffers.filter { !$0.key.hasPrefix(pass) || $0.key == slot.name }
        layouts = layouts.filter { buffers[$0.key] != nil }
    }
}

private extension ConvolutionGeometry {
    var outputChannelsBytes: Int { ((outChannels * 4 + 63) / 64) * 64 }
}

private extension UnsafeMutableRawPointer {
    func alignedUp(_ alignment: Int) -> UnsafeMutableRawPointer {
        let address = Int(bitPattern: self)
        return UnsafeMutableRawPointer(bitPattern: (address + alignment - 1) / alignment * alignment)!
    }
}

/// Calls `body` with a pointer to `value`, or with nil when `condition` is false (oneDNN takes
/// a null descriptor for an absent bias).
private func withOptionalPointer<T, R>(
    to value: inout T, if condition: Bool,
    _ body: (UnsafeMutablePointer<T>?) -> R
) -> R {
    condition ? withUnsafeMutablePointer(to: &value) { body($0) } : body(nil)
}

/// A tensor in a required layout: the caller's own tensor when it already is in that layout,
/// else a scratch tensor kept for the next call.
final class TensorScratch {
    private var tensor: Tensor?

    /// `like`'s shape in layout `block`; contents undefined unless it is `like` itself.
    func inLayout(_ block: Int, like t: Tensor) -> Tensor {
        if t.channelBlock == block { return t }
        if let tensor, tensor.shape == t.shape, tensor.channelBlock == block { return tensor }
        let fresh = Tensor(shape: t.shape, channelBlock: block)
        tensor = fresh
        return fresh
    }

    /// `t`'s values in layout `block`.
    func inLayout(_ block: Int, copying t: Tensor) -> Tensor {
        let result = inLayout(block, like: t)
        if result !== t { Reorder.copy(t, into: result) }
        return result
    }
}
