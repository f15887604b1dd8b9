import CDNNL
import CKernels
import Foundation

/// An inference convolution in 8-bit integers (`Precision.int8`, for stylizing only): oneDNN's
/// int8 kernels (VNNI's byte dot products where the CPU has them) multiply bytes and add in
/// 32-bit integers, several times faster than float32 here.
///
/// The source is quantized per channel by the caller's factors (`scales(of:)`: unsigned bytes
/// when it holds no negative value, as after a ReLU, else signed), the weights per output channel
/// (`QuantizedWeights`); the integer sums are turned back into float32 by a
/// per-channel multiplication fused into the kernel (a binary post-op: oneDNN 2.6 has no fast
/// kernel with run-time output scales), then the fused ReLU if any. The output is float32, so
/// everything after the convolution — normalization, residual sums — is as in float32.
/// Convolutions without bias only (every one of Johnson's network but the last, which has its
/// own kernel). Shared by every layer with the same geometry, as `ConvolutionKernel` is.
public final class QuantizedConvolution {
    public let geometry: ConvolutionGeometry
    /// Whether the source is signed bytes (−127…127) rather than unsigned (0…255).
    public let signedSource: Bool
    private let channelBlock: Int
    private let primitive: Primitive
    private let sourceMD: dnnl_memory_desc_t
    private let destinationMD: dnnl_memory_desc_t
    private let toBlocked: Primitive
    private let blockedMD: dnnl_memory_desc_t

    private struct Key: Hashable {
        let geometry: ConvolutionGeometry
        let signedSource: Bool
    }
    private static var cache: [Key: QuantizedConvolution?] = [:]
    private static let cacheLock = NSLock()

    /// The kernel for `geometry` (unpadded, no bias) with a source in `channelBlock`'s layout, or
    /// nil where oneDNN has no int8 kernel for it on this CPU other than its slow reference one.
    public static func shared(_ geometry: ConvolutionGeometry, channelBlock: Int, signedSource: Bool)
        -> QuantizedConvolution?
    {
        cacheLock.withLock {
            let key = Key(geometry: geometry, signedSource: signedSource)
            if let kernel = cache[key] { return kernel }
            let kernel = QuantizedConvolution(geometry, channelBlock: channelBlock, signedSource: signedSource)
            cache[key] = .some(kernel)
            return kernel
        }
    }

    /// Forgets every kernel (as `ConvolutionKernel.removeAll`).
    public static func removeAll() {
        cacheLock.withLock { cache.removeAll() }
    }

    private init?(_ geometry: ConvolutionGeometry, channelBlock: Int, signedSource: Bool) {
        guard !geometry.hasBias, !geometry.transposed, geometry.padding == 0, channelBlock > 1 else { return nil }
        self.geometry = geometry
        self.signedSource = signedSource
        self.channelBlock = channelBlock
        // Channels last: oneDNN 2.6's fast int8 kernels (brgconv) take no other layout.
        var src = DNNL.descriptor(
            shape: geometry.inputShape, tag: dnnl_nhwc, dataType: signedSource ? dnnl_s8 : dnnl_u8)
        var weights = DNNL.descriptor(shape: geometry.weightShape, tag: dnnl_format_tag_any, dataType: dnnl_s8)
        var dst = DNNL.descriptor(shape: geometry.outputShape, tag: dnnl_nhwc)
        var perChannel = Self.perChannelMD(geometry.outChannels)
        var attributes: dnnl_primitive_attr_t?
        DNNL.check(dnnl_primitive_attr_create(&attributes), "attributes")
        defer { dnnl_primitive_attr_destroy(attributes) }
        var postOps: dnnl_post_ops_t?
        DNNL.check(dnnl_post_ops_create(&postOps), "post-ops")
        DNNL.check(dnnl_post_ops_append_binary(postOps, dnnl_binary_mul, &perChannel), "dequantizing post-op")
        if geometry.fusedReLU {
            DNNL.check(dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_relu, 0, 0), "relu post-op")
        }
        DNNL.check(dnnl_primitive_attr_set_post_ops(attributes, postOps), "set post-ops")
        dnnl_post_ops_destroy(postOps)
        var op = dnnl_convolution_desc_t()
        let strides = [Int64(geometry.stride), Int64(geometry.stride)], padding: [Int64] = [0, 0]
        DNNL.check(
            dnnl_convolution_forward_desc_init(
                &op, dnnl_forward_inference, dnnl_convolution_direct, &src, &weights, nil, &dst, strides, padding,
                padding),
            "int8 convolution \(geometry)")
        guard let made = Primitive(ifImplemented: &op, attributes: attributes), !made.implementation.hasPrefix("ref")
        else { return nil }
        primitive = made
        sourceMD = src
        destinationMD = dst
        // The output back into the network's blocked layout.
        var blocked = DNNL.activationDescriptor(
            shape: geometry.outputShape, channelBlock: ChannelLayout.block(forChannels: geometry.outChannels))
        var pd: dnnl_primitive_desc_t?
        DNNL.check(
            dnnl_reorder_primitive_desc_create(&pd, &dst, DNNL.engine, &blocked, DNNL.engine, nil),
            "int8 output reorder")
        toBlocked = Primitive(created: pd!)
        blockedMD = blocked
    }

    private static func perChannelMD(_ channels: Int) -> dnnl_memory_desc_t {
        DNNL.descriptor(shape: [1, channels, 1, 1], tag: dnnl_nchw)
    }

    /// The oneDNN implementation (e.g. "brgconv:avx512_core_vnni").
    public var implementation: String { primitive.implementation }

    /// Each input channel's factor onto the bytes (255, or 127 when some value of the tensor is
    /// negative as in a residual sum, for the channel's largest magnitude), and whether the bytes
    /// are signed. Per channel: the channels of an activation differ in range by orders of
    /// magnitude, and one factor for all left the small ones a few steps (measured: 2.2 levels of
    /// 255 from float32's picture on a photograph where per-channel factors give 1.0). oneDNN
    /// scales a source per tensor only, so each channel's factor is folded into the weights that
    /// read it (`QuantizedWeights`).
    public static func scales(of x: Tensor) -> (scales: [Float], signed: Bool) {
        let (channels, block, pixels) = (x.channels, x.channelBlock, x.height * x.width)
        var minima = [Float](repeating: .infinity, count: channels)
        var maxima = [Float](repeating: -.infinity, count: channels)
        minima.withUnsafeMutableBufferPointer { lo in
            maxima.withUnsafeMutableBufferPointer { hi in
                // Blocks across the cores; each block's channels are its own entries.
                Parallel.forEachChunk(x.channelBlocks, costPerItem: pixels * block) { blocks in
                    for b in blocks {
                        let lanes = min(block, channels - b * block)
                        for n in 0..<x.batch {
                            faststyle_channel_range(
                                x.data + (n * x.channelBlocks + b) * pixels * block, Int32(lanes), Int32(block),
                                pixels, lo.baseAddress! + b * block, hi.baseAddress! + b * block)
                        }
                    }
                }
            }
        }
        let signed = minima.contains { $0 < 0 }
        let magnitudes = zip(minima, maxima).map { max(abs($0), abs($1)) }
        let largest = magnitudes.max() ?? 0
        guard largest > 0, largest.isFinite else { return ([Float](repeating: 1, count: channels), signed) }
        // A channel that is 0 everywhere (a unit no pixel turns on) takes the largest's factor.
        return (magnitudes.map { (signed ? 127 : 255) / ($0 > 0 ? $0 : largest) }, signed)
    }

    /// output = conv(input, weights) (overwrites output), each input channel multiplied by its
    /// factor of `scales` (from `scales(of:)`) to make its bytes, the weights' bytes kept in
    /// `quantized` (made again when the factors change). `input` is in the layout this kernel
    /// was made for; `output` in the blocked layout of its channels.
    public func forward(input: Tensor, scales: [Float], weights: Tensor, quantized: QuantizedWeights, output: Tensor) {
        precondition(
            input.shape == geometry.inputShape && input.channelBlock == channelBlock
                && output.shape == geometry.outputShape, "int8 convolution operands")
        let pixels = input.height * input.width, imageBytes = pixels * input.channels
        // Transient, as activations are: kept per geometry they would add up to more than the
        // activations themselves at large sizes.
        let sourceStorage = Tensor(uninitializedShape: [(input.batch * imageBytes + 3) / 4])
        let bytes = UnsafeMutableRawPointer(sourceStorage.data)
        let imageFloats = input.channelBlocks * input.blockPlaneCount
        for n in 0..<input.batch {
            Parallel.forEachChunk(pixels, costPerItem: 2 * input.channels) { range in
                faststyle_quantize_to_nhwc(
                    input.data + n * imageFloats, bytes + n * imageBytes, signedSource ? 1 : 0, Int32(input.channels),
                    Int32(channelBlock), pixels, range.lowerBound, range.upperBound, scales)
            }
        }
        let weightsMD = primitive.memoryDescriptor(dnnl_query_weights_md)
        let (bytesOfWeights, channelScales) = quantized.prepared(weights, as: weightsMD, inputScales: scales)
        var dequantize = channelScales.map { 1 / $0 }
        let resultStorage = Tensor(uninitializedShape: [output.count])
        let result = UnsafeMutableRawPointer(resultStorage.data)
        dequantize.withUnsafeMutableBytes { factors in
            primitive.execute([
                (DNNL_ARG_SRC, sourceMD, bytes),
                (DNNL_ARG_WEIGHTS, weightsMD, bytesOfWeights),
                (DNNL_ARG_DST, destinationMD, result),
                // The first post-op's second operand (DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) in C).
                (
                    DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE | DNNL_ARG_SRC_1, Self.perChannelMD(geometry.outChannels),
                    factors.baseAddress!
                ),
            ])
        }
        toBlocked.execute([
            (DNNL_ARG_FROM, destinationMD, result), (DNNL_ARG_TO, blockedMD, UnsafeMutableRawPointer(output.data)),
        ])
        withExtendedLifetime((sourceStorage, resultStorage)) {}
    }
}

/// A layer's weights in signed bytes, for the source's per-channel factors: each weight divided
/// by the factor of the input channel it reads (so that the sum over channels is unchanged), then
/// each output channel scaled so that its largest magnitude is 127, in the layout an int8 kernel
/// reads. Made again when the factors change (each image), a pass over the weights.
public final class QuantizedWeights {
    private let buffer = ScratchBuffer()
    private var layout: dnnl_memory_desc_t?
    private var inputScales: [Float] = []
    private var scales: [Float] = []

    public init() {}

    /// Forget the bytes (after the float weights changed).
    public func invalidate() { layout = nil }

    /// The bytes of `source` (float32, O × I × K × K) in `md`'s layout for inputs multiplied by
    /// `inputScales`, and each output channel's scale.
    func prepared(_ source: Tensor, as md: dnnl_memory_desc_t, inputScales: [Float])
        -> (UnsafeMutableRawPointer, [Float])
    {
        var md = md
        if var layout, dnnl_memory_desc_equal(&layout, &md) != 0, inputScales == self.inputScales {
            return (buffer.pointer!, scales)
        }
        let outChannels = source.shape[0], inChannels = source.shape[1]
        let taps = source.shape[2] * source.shape[3], perChannel = inChannels * taps
        let folded = Tensor(uninitializedShape: source.shape)
        for o in 0..<outChannels {
            for i in 0..<inChannels {
                let factor = 1 / inputScales[i], start = o * perChannel + i * taps
                for t in 0..<taps { folded.data[start + t] = source.data[start + t] * factor }
            }
        }
        scales = (0..<outChannels).map { o in
            var largest: Float = 0
            for j in 0..<perChannel { largest = max(largest, abs(folded.data[o * perChannel + j])) }
            return largest > 0 && largest.isFinite ? 127 / largest : 1
        }
        let destination = buffer.raw(bytes: DNNL.byteSize(md))
        var plain = DNNL.descriptor(shape: source.shape, tag: dnnl_oihw)
        var attributes: dnnl_primitive_attr_t?
        DNNL.check(dnnl_primitive_attr_create(&attributes), "attributes")
        defer { dnnl_primitive_attr_destroy(attributes) }
        DNNL.check(dnnl_primitive_attr_set_output_scales(attributes, Int64(outChannels), 1, scales), "weight scales")
        var pd: dnnl_primitive_desc_t?
        DNNL.check(
            dnnl_reorder_primitive_desc_create(&pd, &plain, DNNL.engine, &md, DNNL.engine, attributes),
            "weights to int8")
        let reorder = Primitive(created: pd!)
        reorder.execute([
            (DNNL_ARG_FROM, plain, UnsafeMutableRawPointer(folded.data)),
            (DNNL_ARG_TO, md, destination),
        ])
        layout = md
        self.inputScales = inputScales
        return (destination, scales)
    }
}
