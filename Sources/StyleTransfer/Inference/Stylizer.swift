import Foundation
import Imaging
import NN
import Platform
import Tensors

/// A trained transformation network applied to images of any size: loads a checkpoint once,
/// runs the network in inference mode, and applies `StylizeSettings` (size, tiling, colour
/// preservation, strength).
public final class Stylizer {
    public let networkSettings: TransformerSettings
    public let geometry: NetworkGeometry
    private let path: String
    /// Called after each tile of a tiled image with the tiles done and the total (for progress).
    public var tileProgress: ((_ done: Int, _ total: Int) -> Void)?
    /// Frozen: its forward passes keep no activations (`ForwardPass.inferenceOnly`).
    public let network: TransformerNet

    /// The network of `checkpoint` (read from a file by `Checkpoint.read`, or from either kind
    /// of network file by `NetworkFile`); `path` names it in error messages. `policy` says what
    /// its convolutions may do to be fast.
    public init(checkpoint: Checkpoint, path: String, policy: ConvolutionPolicy = .exact) throws {
        self.path = path
        networkSettings = checkpoint.settings.network
        geometry = NetworkGeometry(networkSettings)
        network = try TransformerNet(settings: networkSettings, convolutions: ConvolutionSettings(policy: policy))
        try checkpoint.load(into: network, path: path)
        network.freeze()
    }

    /// Frees the convolution kernels (oneDNN primitives and their scratch memory) made for the
    /// sizes run so far, e.g. before tiles of another size after a large pass, or between images
    /// of different sizes.
    public func releaseKernels() {
        ConvolutionKernel.removeAll()
        QuantizedConvolution.removeAll()
    }

    /// The network's instance normalization layers, in order.
    private var normalizations: [InstanceNorm] { network.allLayers.compactMap { $0 as? InstanceNorm } }

    /// The network's raw output (not clamped) for images of one size, in one batch. Sizes the
    /// network cannot take are mirror-padded on the right and bottom, and the output cropped.
    public func forward(_ images: [Image]) throws -> (images: [Image], seconds: Double) {
        guard let first = images.first else { return ([], 0) }
        let (width, height) = (first.width, first.height)
        precondition(images.allSatisfy { $0.width == width && $0.height == height }, "a batch needs images of one size")
        let paddedWidth = geometry.paddedSide(width), paddedHeight = geometry.paddedSide(height)
        let padded =
            paddedWidth == width && paddedHeight == height
            ? images : images.map { $0.mirroredRegion(x: 0, y: 0, width: paddedWidth, height: paddedHeight) }
        let input = Tensor(images: padded)
        let start = DispatchTime.now().uptimeNanoseconds
        let output = try network.forward(input)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard output.shape == input.shape else {
            throw StylizeError(
                "\(path): the network maps \(input.shape) to \(output.shape), not an image of the same size")
        }
        let results = (0..<images.count).map { index -> Image in
            let image = Image(tensor: output, index: index)
            return paddedWidth == width && paddedHeight == height
                ? image : image.cropped(x: 0, y: 0, width: width, height: height)
        }
        return (results, seconds)
    }

    /// Every instance normalization's statistics for `sample` (empty for batch normalization,
    /// whose inference statistics are fixed anyway), and the seconds of the forward pass.
    public func statistics(ofSample sample: Image) throws -> (statistics: [InstanceNorm.Statistics], seconds: Double) {
        let previous = normalizations.map(\.frozenStatistics)
        freezeStatistics(nil)
        defer { for (norm, statistics) in zip(normalizations, previous) { norm.frozenStatistics = statistics } }
        let seconds = try forward([sample]).seconds
        return (normalizations.map { $0.statistics(ofSample: 0) }, seconds)
    }

    /// Normalizes every image with `statistics` (from `statistics(ofSample:)`) instead of its
    /// own; nil returns to per-image statistics.
    public func freezeStatistics(_ statistics: [InstanceNorm.Statistics]?) {
        for (index, norm) in normalizations.enumerated() { norm.frozenStatistics = statistics?[index] }
    }

    /// Throws `InsufficientMemory` unless stylizing an image of `width`×`height` (after any
    /// resizing) as `settings` say fits in memory: check it before resizing or stylizing.
    /// `name` names the image in the message.
    public func requireMemory(width: Int, height: Int, settings: StylizeSettings, name: String) throws {
        let plan = StylizePlan(width: width, height: height, geometry: geometry, settings: settings)
        try WorkingMemory.requireStylizing(
            width: width, height: height, passPixels: plan.passPixels, batch: plan.batch,
            architecture: networkSettings.architecture, name: name,
            settings: settings.longSide.map { [(.longSide, $0)] } ?? [])
    }

    /// Whether images of this size (after any resizing) may go through the network together.
    public func batches(width: Int, height: Int, settings: StylizeSettings) -> Bool {
        StylizePlan(width: width, height: height, geometry: geometry, settings: settings).batchable
    }

    /// Stylizes one image as `settings` say: resized, tiled when large, colours and strength
    /// applied, values clamped to [0, 255].
    public func stylize(_ image: Image, settings: StylizeSettings) throws -> StylizedImage {
        let input = InputSize.resized(image, longSide: settings.longSide)
        if StylizePlan(width: input.width, height: input.height, geometry: geometry, settings: settings).untiled {
            let (outputs, seconds) = try forward([input])
            return StylizedImage(
                image: Self.finish(outputs[0], input: input, settings), forwardSeconds: seconds, tileCount: 1)
        }
        let tiled = TiledStylizer(stylizer: self, settings: settings)
        let (output, seconds, tiles) = try tiled.stylize(input)
        return StylizedImage(
            image: Self.finish(output, input: input, settings), forwardSeconds: seconds, tileCount: tiles)
    }

    /// Same-size images (each within the untiled limit, no resizing) in one forward pass.
    public func stylize(batch images: [Image], settings: StylizeSettings) throws -> [StylizedImage] {
        let (outputs, seconds) = try forward(images)
        return zip(images, outputs).map { input, output in
            StylizedImage(
                image: Self.finish(output, input: input, settings), forwardSeconds: seconds / Double(images.count),
                tileCount: 1)
        }
    }

    /// Clamping, then colour preservation, then the strength mix with the input.
    static func finish(_ output: Image, input: Image, _ settings: StylizeSettings) -> Image {
        var result = output.clamped()
        if settings.preservesColors { result = input.withLuminance(of: result).clamped() }
        return input.blended(toward: result, strength: settings.strength)
    }
}
