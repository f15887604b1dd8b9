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

    public init(
        batch: Int, inChannels: Int, outChannels: Int, height: Int, width: Int, kernelSize: Int,
        stride: Int = 1, padding: Int = 0, outputPadding: Int = 0, transposed: Bool = false,
        hasBias: Bool = true, fusedReLU: Bool = false
    ) {
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
        transposed
            ? (n - 1) * stride - 2 * padding + kernelSize + outputPadding
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
