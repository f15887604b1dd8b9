import Imaging
import Tensors

extension Tensor {
    /// A (1, 3, H, W) plain tensor of the image's RGB values in [0, 255].
    public convenience init(image: Image) {
        self.init(shape: [1, 3, image.height, image.width], values: image.pixels)
    }

    /// A (N, 3, H, W) plain tensor of same-sized images.
    public convenience init(images: [Image]) {
        precondition(
            !images.isEmpty && images.allSatisfy { $0.width == images[0].width && $0.height == images[0].height },
            "a batch needs images of one size")
        self.init(shape: [images.count, 3, images[0].height, images[0].width], values: images.flatMap(\.pixels))
    }
}

extension Image {
    /// Image `index` of a (N, 3, H, W) tensor (any layout), values as they are (not clamped).
    public init(tensor: Tensor, index: Int = 0) {
        precondition(
            tensor.rank == 4 && tensor.channels == 3 && index < tensor.batch, "\(tensor) is not a batch of RGB images")
        let plane = 3 * tensor.height * tensor.width
        let values =
            tensor.channelBlock == 1
            ? Array(UnsafeBufferPointer(start: tensor.data + index * plane, count: plane))
            : Array(tensor.toArray()[(index * plane)..<((index + 1) * plane)])
        self.init(width: tensor.width, height: tensor.height, pixels: values)
    }
}
