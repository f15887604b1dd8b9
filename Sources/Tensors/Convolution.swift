import CDNNL
import Foundation

/// Everything that fixes a convolution's oneDNN primitives: shapes, stride, zero padding,
/// and whether it is a transposed (fractionally strided) convolution.
public struct ConvolutionGeometry: Hashable, Sendable {
    public var batch: Int
    public var inChannels: Int
    public var outChannels: Int
    /// Input height and width.
    public var height: Int
    public var width: Int
    public var kernelSize: Int
    public var stride: Int
    /// Zero padding on each side (reflection padding is done before, by a separate kernel).
    public var padding: Int
    /// Extra zero rows/columns at the bottom/right of a transposed convolution's output
    /// (PyTorch's `output_padding`), so that ×2 upsampling gives exactly twice the size.
    public var outputPadding: Int
    public var transposed: Bool
    public var hasBias: Bool
    /// ReLU applied to the output inside the forward primitive (a oneDNN post-op).
    public var fusedReLU: Bool

    public init(batch: Int, inChannels: Int, outChannels: Int, height: Int, width: Int, kernelSize: Int,
                stride: Int = 1, padding: Int = 0, outputPadding: Int = 0, transposed: Bool = false,
                hasBias: Bool = true, fusedReLU: Bool = false) {
        self.batch = batch
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.height = height
        self.width = width
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.transposed = transposed
        self.hasBias = hasBias
        self.fusedReLU = fusedReLU
    }

    public var outputHeight: Int { outputSize(height) }
    public var outputWidth: Int { outputSize(width) }

    private func outputSize(_ n: Int) -> Int {
        transposed ? (n - 1) * stride - 2 * padding + kernelSize + outputPadding
                   : (n + 2 * padding - kernelSize) / stride + 1
    }

    public var inputShape: [Int] { [batch, inChannels, height, width] }
    public var outputShape: [Int] { [batch, outChannels, outputHeight, outputWidth] }
    /// Weights are (out, in, kh, kw) for both kinds (oneDNN's convention; for a transposed
    /// convolution this is the transpose of PyTorch's ConvTranspose2d layout).
    public var weightShape: [Int] { [outChannels, inChannels, kernelSize, kernelSize] }

    /// Multiply-adds × 2 of one pass (forward, backward-data and backward-weights cost the same).
    public var flops: Double {
        let spatial = transposed ? Double(height * width) : Double(outputHeight * outputWidth)
        return 2 * Double(batch * inChannels * outChannels * kernelSize * kernelSize) * spatial
    }
}

/// A convolution's oneDNN primitives (forward, backward-data, backward-weights), each created on
/// first use and reused; shared by every layer with the same geometry.
public final class ConvolutionKernel {
    public let geometry: ConvolutionGeometry
    private var forwardPrimitive: Primitive?
    private var backwardDataPrimitive: Primitive?
    private var backwardWeightsPrimitive: Primitive?
    private let scratch = ScratchBuffer()
    private let gradientScratch = ScratchBuffer()

    private static var cache: [ConvolutionGeometry: ConvolutionKernel] = [:]
    private static let cacheLock = NSLock()

    /// The kernel for `geometry`, created once per process.
    public static func shared(_ geometry: ConvolutionGeometry) -> ConvolutionKernel {
        cacheLock.withLock {
            if let kernel = cache[geometry] { return kernel }
            let kernel = ConvolutionKernel(geometry)
            cache[geometry] = kernel
            return kernel
        }
    }

    /// Forgets every kernel (their primitives and scratch memory go with the last user): a
    /// program that meets many image sizes, as stylizing a folder of photographs does, would
    /// otherwise keep about 9 MB of kernels per size it has seen.
    public static func removeAll() {
        cacheLock.withLock { cache.removeAll() }
    }

    private init(_ geometry: ConvolutionGeometry) {
        self.geometry = geometry
    }

    // MARK: Layouts
    //
    // oneDNN 2.6 has fast (jit) kernels for every pass only in its channel-blocked layout,
    // except that a forward or backward-weights pass over a source of few channels (the RGB
    // image) wants that source plain. So each pass runs in the layout oneDNN is fast in, and
    // tensors given in another layout (3-channel images kept plain) are reordered through
    // scratch tensors here, at the network's edges, where they are small.

    private var blocked: Int { ChannelLayout.preferredBlock }
    /// Layout of the source in the forward and backward-weights passes.
    private var sourceBlock: Int { geometry.inChannels < 8 ? 1 : blocked }
    private var sourceMD: dnnl_memory_desc_t {
        DNNL.activationDescriptor(shape: geometry.inputShape, channelBlock: sourceBlock)
    }
    private var diffSourceMD: dnnl_memory_desc_t {
        DNNL.activationDescriptor(shape: geometry.inputShape, channelBlock: blocked)
    }
    private var destinationMD: dnnl_memory_desc_t {
        DNNL.activationDescriptor(shape: geometry.outputShape, channelBlock: blocked)
    }
    private var plainWeightsMD: dnnl_memory_desc_t { DNNL.descriptor(shape: geometry.weightShape, tag: dnnl_oihw) }
    private var anyWeightsMD: dnnl_memory_desc_t { DNNL.descriptor(shape: geometry.weightShape, tag: dnnl_format_tag_any) }
    private var biasMD: dnnl_memory_desc_t { DNNL.descriptor(shape: [geometry.outChannels], tag: dnnl_x) }

    private let inputScratch = TensorScratch()
    private let outputScratch = TensorScratch()

    private var strides: [Int64] { [Int64(geometry.stride), Int64(geometry.stride)] }
    private var paddingLeft: [Int64] { [Int64(geometry.padding), Int64(geometry.padding)] }
    private var paddingRight: [Int64] {
        let p = Int64(geometry.padding - geometry.outputPadding)
        return [p, p]
    }

    private func makeForward() -> Primitive {
        var src = sourceMD, weights = anyWeightsMD, bias = biasMD, dst = destinationMD
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
                DNNL.check(dnnl_deconvolution_forward_desc_init(&op, dnnl_forward_training, dnnl_deconvolution_direct,
                    &src, &weights, biasPointer, &dst, strides, paddingLeft, paddingRight), "deconvolution forward \(geometry)")
                return Primitive(operation: &op, attributes: attributes, name: "deconvolution forward")
            }
            var op = dnnl_convolution_desc_t()
            DNNL.check(dnnl_convolution_forward_desc_init(&op, dnnl_forward_training, dnnl_convolution_direct,
                &src, &weights, biasPointer, &dst, strides, paddingLeft, paddingRight), "convolution forward \(geometry)")
            return Primitive(operation: &op, attributes: attributes, name: "convolution forward")
        }
    }

    private func makeBackwardData() -> Primitive {
        var diffSrc = diffSourceMD, weights = anyWeightsMD, diffDst = destinationMD
        if geometry.transposed {
            var op = dnnl_deconvolution_desc_t()
            DNNL.check(dnnl_deconvolution_backward_data_desc_init(&op, dnnl_deconvolution_direct,
                &diffSrc, &weights, &diffDst, strides, paddingLeft, paddingRight), "deconvolution backward data")
            return Primitive(operation: &op, hint: forward, name: "deconvolution backward data")
        }
        var op = dnnl_convolution_desc_t()
        DNNL.check(dnnl_convolution_backward_data_desc_init(&op, dnnl_convolution_direct,
            &diffSrc, &weights, &diffDst, strides, paddingLeft, paddingRight), "convolution backward data")
        return Primitive(operation: &op, hint: forward, name: "convolution backward data")
    }

    private func makeBackwardWeights() -> Primitive {
        var src = sourceMD, diffWeights = anyWeightsMD, diffBias = biasMD, diffDst = destinationMD
        return withOptionalPointer(to: &diffBias, if: geometry.hasBias) { biasPointer in
            if geometry.transposed {
                var op = dnnl_deconvolution_desc_t()
                DNNL.check(dnnl_deconvolution_backward_weights_desc_init(&op, dnnl_deconvolution_direct,
                    &src, &diffWeights, biasPointer, &diffDst, strides, paddingLeft, paddingRight),
                    "deconvolution backward weights")
                return Primitive(operation: &op, hint: forward, name: "deconvolution backward weights")
            }
            var op = dnnl_convolution_desc_t()
            DNNL.check(dnnl_convolution_backward_weights_desc_init(&op, dnnl_convolution_direct,
                &src, &diffWeights, biasPointer, &diffDst, strides, paddingLeft, paddingRight),
                "convolution backward weights")
            return Primitive(operation: &op, hint: forward, name: "convolution backward weights")
        }
    }

    private var forward: Primitive {
        if let p = forwardPrimitive { return p }
        let p = makeForward()
        forwardPrimitive = p
        return p
    }
    private var backwardData: Primitive {
        if let p = backwardDataPrimitive { return p }
        let p = makeBackwardData()
        backwardDataPrimitive = p
        return p
    }
    private var backwardWeights: Primitive {
        if let p = backwardWeightsPrimitive { return p }
        let p = makeBackwardWeights()
        backwardWeightsPrimitive = p
        return p
    }

    /// oneDNN's implementation names of the passes created so far, e.g. "jit:avx512_core".
    public var implementations: [String: String] {
        var names: [String: String] = [:]
        if let p = forwardPrimitive { names["fwd"] = p.implementation }
        if let p = backwardDataPrimitive { names["bwd_data"] = p.implementation }
        if let p = backwardWeightsPrimitive { names["bwd_weights"] = p.implementation }
        return names
    }

    // MARK: Passes

    /// output = conv(input, weights) + bias (then ReLU if fused).
    /// `weights` is plain (out, in, kh, kw); it is reordered to oneDNN's layout on each call
    /// unless `weightCache` already holds it.
    public func forward(input: Tensor, weights: Tensor, bias: Tensor?, output: Tensor, weightCache: WeightCache? = nil) {
        checkActivation(input, geometry.inputShape, "input")
        checkActivation(output, geometry.outputShape, "output")
        let p = forward
        let weightsMD = p.memoryDescriptor(dnnl_query_weights_md)
        let w = prepared(weights, as: weightsMD, cache: weightCache, slot: 0)
        let src = inputScratch.inLayout(sourceBlock, copying: input)
        let dst = outputScratch.inLayout(blocked, like: output)
        var arguments: [(Int32, dnnl_memory_desc_t, UnsafeMutableRawPointer)] = [
            (DNNL_ARG_SRC, sourceMD, UnsafeMutableRawPointer(src.data)),
            (DNNL_ARG_WEIGHTS, weightsMD, w),
            (DNNL_ARG_DST, destinationMD, UnsafeMutableRawPointer(dst.data)),
        ]
        if geometry.hasBias, let bias { arguments.append((DNNL_ARG_BIAS, biasMD, UnsafeMutableRawPointer(bias.data))) }
        p.execute(arguments)
        if dst !== output { Reorder.copy(dst, into: output) }
    }

    /// inputGradient = conv_backward_data(outputGradient, weights) (overwrites inputGradient).
    public func backwardData(outputGradient: Tensor, weights: Tensor, inputGradient: Tensor, weightCache: WeightCache? = nil) {
        checkActivation(outputGradient, geometry.outputShape, "output gradient")
        checkActivation(inputGradient, geometry.inputShape, "input gradient")
        let p = backwardData
        let weightsMD = p.memoryDescriptor(dnnl_query_weights_md)
        let w = prepared(weights, as: weightsMD, cache: weightCache, slot: 1)
        let diffDst = outputScratch.inLayout(blocked, copying: outputGradient)
        let diffSrc = inputScratch.inLayout(blocked, like: inputGradient)
        p.execute([
            (DNNL_ARG_DIFF_DST, destinationMD, UnsafeMutableRawPointer(diffDst.data)),
            (DNNL_ARG_WEIGHTS, weightsMD, w),
            (DNNL_ARG_DIFF_SRC, diffSourceMD, UnsafeMutableRawPointer(diffSrc.data)),
        ])
        if diffSrc !== inputGradient { Reorder.copy(diffSrc, into: inputGradient) }
    }

    /// weightGradient += dL/dW, biasGradient += dL/db (plain layouts).
    public func backwardWeights(input: Tensor, outputGradient: Tensor, weightGradient: Tensor, biasGradient: Tensor?) {
        checkActivation(input, geometry.inputShape, "input")
        checkActivation(outputGradient, geometry.outputShape, "output gradient")
        precondition(weightGradient.shape == geometry.weightShape, "weight gradient \(weightGradient.shape)")
        let p = backwardWeights
        let diffWeightsMD = p.memoryDescriptor(dnnl_query_diff_weights_md)
        let weightBytes = DNNL.byteSize(diffWeightsMD)
        let biasBytes = geometry.outputChannelsBytes
        let raw = gradientScratch.raw(bytes: weightBytes + biasBytes + weightGradient.storageCount * 4 + 64)
        let diffWeights = raw
        let diffBias = raw + weightBytes
        let src = inputScratch.inLayout(sourceBlock, copying: input)
        let diffDst = outputScratch.inLayout(blocked, copying: outputGradient)
        var arguments: [(Int32, dnnl_memory_desc_t, UnsafeMutableRawPointer)] = [
            (DNNL_ARG_SRC, sourceMD, UnsafeMutableRawPointer(src.data)),
            (DNNL_ARG_DIFF_DST, destinationMD, UnsafeMutableRawPointer(diffDst.data)),
            (DNNL_ARG_DIFF_WEIGHTS, diffWeightsMD, diffWeights),
        ]
        if geometry.hasBias { arguments.append((DNNL_ARG_DIFF_BIAS, biasMD, diffBias)) }
        p.execute(arguments)

        // Back to plain (out, in, kh, kw), then accumulate.
        let plain = (diffBias + biasBytes).alignedUp(64).assumingMemoryBound(to: Float.self)
        Reorder.copy(from: diffWeightsMD, diffWeights, to: plainWeightsMD, UnsafeMutableRawPointer(plain))
        Elementwise.add(plain, into: weightGradient.data, count: weightGradient.storageCount)
        if geometry.hasBias, let biasGradient {
            Elementwise.add(diffBias.assumingMemoryBound(to: Float.self), into: biasGradient.data, count: geometry.outChannels)
        }
    }

    /// Weights in the layout `md` asks for: from the cache, or reordered into scratch memory.
    private func prepared(_ weights: Tensor, as md: dnnl_memory_desc_t, cache: WeightCache?, slot: Int) -> UnsafeMutableRawPointer {
        precondition(weights.shape == geometry.weightShape, "weights \(weights.shape), expected \(geometry.weightShape)")
        if let cache, let cached = cache.buffers[slot] { return cached.pointer! }
        let buffer = cache.map { c -> ScratchBuffer in
            let b = ScratchBuffer()
            c.buffers[slot] = b
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

/// Weights of a frozen layer kept in oneDNN's layouts (forward and backward-data), so that
/// they are reordered once, not on every call.
public final class WeightCache {
    fileprivate var buffers: [Int: ScratchBuffer] = [:]
    public init() {}
    /// Forget the reordered weights (after the plain weights changed).
    public func invalidate() { buffers.removeAll() }
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
private func withOptionalPointer<T, R>(to value: inout T, if condition: Bool,
                                       _ body: (UnsafeMutablePointer<T>?) -> R) -> R {
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
