import Crypto
import StyleTransfer

extension VGGWeights {
    /// The `contentSHA256` of the ImageNet VGG-16 weights (see weights/README.md).
    public static let imageNetVGG16ContentSHA256 = "d9a27cc1fc7f975ef8cff49180e794ccd7c4bc868ebb49740803b3bbaa8dbefd"

    /// SHA-256 over each layer's Keras-order kernel bytes then bias bytes (float32
    /// little-endian): identifies the values independently of the HDF5 file's bytes.
    public var contentSHA256: String {
        var hash = SHA256()
        for layer in layers {
            layer.kernelHWIO.withUnsafeBytes { hash.update(bufferPointer: $0) }
            layer.bias.withUnsafeBytes { hash.update(bufferPointer: $0) }
        }
        return hash.finalizeHex()
    }
}
