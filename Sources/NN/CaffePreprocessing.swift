import Tensors

/// The input conversion the Caffe/Keras VGG weights expect: RGB in [0, 255] → BGR minus the
/// ImageNet mean (B, G, R) = (103.939, 116.779, 123.68), no scaling. Images (N, 3, H, W), plain.
public final class CaffePreprocessing: Layer {
    public static let meanBGR: [Float] = [103.939, 116.779, 123.68]
    /// The same mean in the images' R, G, B order: the grey the network's input sees as zero.
    public static let meanRGB: [Float] = meanBGR.reversed()
    private let output = Buffer()
    private let inputGradient = Buffer(retains: false)

    public init() {}

    public func forward(_ x: Tensor) throws -> Tensor {
        guard x.rank == 4, x.channels == 3, x.channelBlock == 1 else {
            throw LayerError.shapeMismatch(layer: "VGG input", expected: "N×3×H×W RGB image", got: x.shape)
        }
        let y = output.tensor(like: x)
        let plane = x.height * x.width
        for n in 0..<x.batch {
            for c in 0..<3 {
                let src: UnsafeMutablePointer<Float> = x.data + (n * 3 + (2 - c)) * plane
                let dst: UnsafeMutablePointer<Float> = y.data + (n * 3 + c) * plane
                let mean = Self.meanBGR[c]
                for i in 0..<plane { dst[i] = src[i] - mean }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor) throws -> Tensor? {
        let dx = inputGradient.tensor(like: dy)
        let plane = dy.height * dy.width
        for n in 0..<dy.batch {
            for c in 0..<3 {
                let source: UnsafeMutablePointer<Float> = dy.data + (n * 3 + (2 - c)) * plane
                (dx.data + (n * 3 + c) * plane).update(from: source, count: plane)
            }
        }
        return dx
    }
}
