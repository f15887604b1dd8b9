/// One 3×3 convolution layer of VGG.
public struct ConvWeights {
    /// Keras layer name, e.g. `block1_conv1`.
    public let name: String
    /// Kernel in (out, in, kh, kw) order, C order. Cross-correlation kernel, as in Keras,
    /// Caffe and PyTorch (no spatial flip).
    public let kernelOIHW: [Float]
    /// Bias, one per output channel.
    public let bias: [Float]
    public let outChannels: Int
    public let inChannels: Int
    public let kernelHeight: Int
    public let kernelWidth: Int

    public init(
        name: String, kernelOIHW: [Float], bias: [Float], outChannels: Int, inChannels: Int, kernelHeight: Int,
        kernelWidth: Int
    ) {
        precondition(
            kernelOIHW.count == outChannels * inChannels * kernelHeight * kernelWidth && bias.count == outChannels,
            "ConvWeights \(name): array sizes do not match the shape")
        self.name = name
        self.kernelOIHW = kernelOIHW
        self.bias = bias
        self.outChannels = outChannels
        self.inChannels = inChannels
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
    }

    public var parameterCount: Int { kernelOIHW.count + bias.count }

    /// The kernel in Keras order (kh, kw, in, out).
    public var kernelHWIO: [Float] {
        // OIHW viewed as a matrix (out) × (in·kh·kw) is transposed into (kh·kw) × in × out.
        transposeKernel(
            kernelOIHW, outer: outChannels, inner: inChannels, spatial: kernelHeight * kernelWidth, toHWIO: true)
    }

    /// Builds the layer from a Keras kernel (kh, kw, in, out).
    init(name: String, kernelHWIO: [Float], shape: [Int], bias: [Float]) {
        let (kh, kw, cin, cout) = (shape[0], shape[1], shape[2], shape[3])
        let oihw = transposeKernel(kernelHWIO, outer: cout, inner: cin, spatial: kh * kw, toHWIO: false)
        self.init(
            name: name, kernelOIHW: oihw, bias: bias, outChannels: cout, inChannels: cin, kernelHeight: kh,
            kernelWidth: kw)
    }
}

/// Converts a kernel between (out, in, kh·kw) and (kh·kw, in, out) order, C order both.
private func transposeKernel(_ source: [Float], outer out: Int, inner inChannels: Int, spatial: Int, toHWIO: Bool)
    -> [Float]
{
    var result = [Float](repeating: 0, count: source.count)
    source.withUnsafeBufferPointer { source in
        result.withUnsafeMutableBufferPointer { result in
            for o in 0..<out {
                for i in 0..<inChannels {
                    for s in 0..<spatial {
                        let oihw = (o * inChannels + i) * spatial + s
                        let hwio = (s * inChannels + i) * out + o
                        if toHWIO { result[hwio] = source[oihw] } else { result[oihw] = source[hwio] }
                    }
                }
            }
        }
    }
    return result
}
