import Imaging
import Tensors
import Video

/// How much stylized versions of a video flicker, and how much style they keep: Lai et al.'s
/// warping error (`WarpingError`) of the input itself and of each stylized video, along the
/// input's motion, and the mean style loss of the stylized frames against a network's style
/// targets (Johnson's Gram loss, with the network's own loss settings).
public struct FlickerMeasurement {
    /// One video's figures.
    public struct Result: Sendable {
        public var path: String
        public var warpingError: Double
        /// Mean style loss over the frames measured (nil without targets).
        public var styleLoss: Double?
    }

    public var flow = OpticalFlow(workingSide: 640)
    /// The style loss is measured on every `styleEvery`-th frame (VGG-16 on each is the slow part).
    public var styleEvery = 4

    public init() {}

    /// The input (first result) and each of `videos` (frames of the input's size, as many).
    /// `loss` with `targets`: the style loss of the videos' frames.
    public func measure(input: String, videos: [String], loss: PerceptualLoss?, targets: StyleTargets?) throws
        -> [Result]
    {
        let readers = try ([input] + videos).map { try VideoReader(path: $0) }
        let size = (readers[0].info.width, readers[0].info.height)
        for reader in readers.dropFirst() where (reader.info.width, reader.info.height) != size {
            throw StylizeError(
                "\(reader.path): its frames are \(reader.info.width)×\(reader.info.height), the input's "
                    + "\(size.0)×\(size.1)"
            )
        }
        var meter = WarpingError(flow: flow)
        var styleSums = [Double](repeating: 0, count: videos.count), measured = 0
        var index = 0
        while true {
            let frames = try readers.map { try $0.nextFrame() }
            let present = frames.compactMap { $0 }
            if present.isEmpty { break }
            guard present.count == frames.count else {
                let short = zip(readers, frames).first { $0.1 == nil }!.0
                throw StylizeError("\(short.path): ends after \(index) frames, before the others")
            }
            let images = present.map(\.image)
            meter.add(input: images[0], outputs: images)
            if let loss, let targets, index % styleEvery == 0 {
                for (k, image) in images.dropFirst().enumerated() {
                    styleSums[k] += try loss.evaluate(Tensor(images: [image]), content: nil, style: targets).style
                }
                measured += 1
            }
            index += 1
        }
        let errors = meter.values
        return readers.enumerated().map { k, reader in
            Result(
                path: reader.path, warpingError: errors[k],
                styleLoss: k == 0 || loss == nil || measured == 0 ? nil : styleSums[k - 1] / Double(measured))
        }
    }
}
