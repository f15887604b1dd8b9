import Imaging

/// Held-out photographs: the validation loss is measured on square crops at the training size
/// (the same scale as training), and sample pictures are stylized from the whole photographs.
public struct ValidationImages {
    /// Square crops at the training size, for the validation loss.
    public let crops: [Image]
    /// The photographs with their long side at most `sampleSize`, for sample pictures.
    public let samples: [(name: String, image: Image)]

    public init(
        folder: String, size: Int, limit: Int = 8, sampleLimit: Int = 4, sampleSize: Int = 384,
        readSettings: ImageReadSettings = .init()
    ) throws {
        let collection = try ImageFolder(path: folder, readSettings: readSettings)
        var crops: [Image] = [], samples: [(String, Image)] = []
        for index in 0..<min(collection.count, limit) {
            let image = try collection.image(at: index)
            crops.append(image.resizedAndCenterCropped(to: size))
            if samples.count < sampleLimit {
                let scaled = max(image.width, image.height) > sampleSize ? image.resized(longSide: sampleSize) : image
                samples.append((collection.name(at: index), scaled))
            }
        }
        self.crops = crops
        self.samples = samples
    }
}
