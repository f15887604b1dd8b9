import NN

/// Everything that fixes a transformation network's structure (saved in checkpoints).
public struct TransformerSettings: Codable, Equatable, Sendable {
    public enum Normalization: String, Codable, Sendable, CaseIterable {
        /// Instance normalization (Ulyanov et al. 2016): better pictures, any batch size.
        case instance
        /// Batch normalization, as in Johnson et al.'s paper.
        case batch
    }
    public enum Upsampling: String, Codable, Sendable, CaseIterable {
        /// Nearest-neighbour ×2 then a 3×3 convolution: no checkerboard artefacts.
        case nearest
        /// A fractionally strided (transposed) convolution, as in the paper.
        case transposed
    }
    /// The default is linear (as pytorch/examples): measured on the demo set, a tanh output
    /// saturates bright regions to white blobs whose gradient then vanishes, and its style loss
    /// after 110 steps was 7× higher than the linear output's (4e5 vs 5.8e4).
    public enum OutputActivation: String, Codable, Sendable, CaseIterable {
        /// 127.5·tanh(z) + 127.5: always a valid pixel value in (0, 255).
        case tanh
        /// z itself, clamped to [0, 255] only when saved.
        case linear
    }
    /// How the network's convolutions pad their input (`NN`'s padding modes).
    public typealias Padding = PaddingMode

    public var architecture = Architecture.johnson
    public var normalization = Normalization.instance
    public var padding = Padding.reflection
    public var upsampling = Upsampling.nearest
    public var outputActivation = OutputActivation.linear
    /// Styles the network holds (conditional instance normalization: a row of scales and shifts
    /// per style in every normalization layer, the convolutions shared).
    public var styles = 1

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case architecture, normalization, padding, upsampling, outputActivation, styles
    }

    /// The most styles one network holds: each adds two numbers per normalized channel (3,200 in
    /// Johnson's network), so far beyond any real use and still a few megabytes.
    public static let maximumStyles = 1024

    /// Throws unless the network can hold its styles: conditional normalization needs instance
    /// normalization (batch normalization's running statistics mix the styles of a batch).
    public func validateStyles() throws {
        try SettingBounds.require(styles, in: 1...Self.maximumStyles, .styles)
        guard styles == 1 || normalization == .instance else {
            throw InvalidSetting(
                .normalization, normalization.rawValue, "must be instance for a network of several styles")
        }
    }

    /// Synthesized, except that `styles` may be absent: networks saved before it existed hold one.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        architecture = try c.decode(Architecture.self, forKey: .architecture)
        normalization = try c.decode(Normalization.self, forKey: .normalization)
        padding = try c.decode(PaddingMode.self, forKey: .padding)
        upsampling = try c.decode(Upsampling.self, forKey: .upsampling)
        outputActivation = try c.decode(OutputActivation.self, forKey: .outputActivation)
        styles = try c.decodeIfPresent(Int.self, forKey: .styles) ?? 1
    }
}
