import Platform

/// A transformation network's layers as a string, so that narrower or deeper variants need no
/// code change. Johnson et al.'s network is
/// `c9s1-32,d64,d128,R128,R128,R128,R128,R128,u64,u32,c9s1-3`:
///
/// - `cKsS-N`: K×K convolution (K odd), stride S (1 or 2), to N channels, then normalization and
///   ReLU — except the last layer, which is followed by the output activation;
/// - `dN`: 3×3 stride-2 convolution to N channels (downsampling), normalization, ReLU;
/// - `RN`: residual block, two 3×3 convolutions of N channels (normalization, ReLU, convolution,
///   normalization) added to the block's input;
/// - `uN`: ×2 upsampling to N channels (nearest-neighbour then 3×3 convolution, or a fractionally
///   strided convolution), normalization, ReLU.
public struct Architecture: Equatable, Codable, Sendable, CustomStringConvertible {
    public enum Block: Equatable, Codable, Sendable {
        case convolution(kernelSize: Int, stride: Int, channels: Int)
        case down(channels: Int)
        case residual(channels: Int)
        case up(channels: Int)
    }

    public static let johnson = try! Architecture("c9s1-32,d64,d128,R128,R128,R128,R128,R128,u64,u32,c9s1-3")

    /// Johnson's network at half its widths: a quarter of its parameters and of its convolution
    /// work. A training step costs ~0.7× as much (the VGG loss is most of it), and in a short run
    /// the extra steps outweigh the lost width: `./train.sh` (28 minutes) trains it.
    public static let light = try! Architecture("c9s1-16,d32,d64,R64,R64,R64,R64,R64,u32,u16,c9s1-3")

    /// The names `--arch` accepts besides architecture strings.
    public static let presets: KeyValuePairs<String, Architecture> = ["johnson": johnson, "light": light]

    /// A preset's name (`johnson`, `light`) or an architecture string.
    public init(named nameOrString: String) throws {
        if let preset = Architecture.presets.first(where: { $0.key == nameOrString }) {
            self = preset.value
            return
        }
        do {
            try self.init(nameOrString)
        } catch let error as ArchitectureError where !nameOrString.contains(",") {
            // One token that is no network: most likely a mistyped name.
            let names = Architecture.presets.map(\.key).joined(separator: ", ")
            throw ArchitectureError(nameOrString, "\(error.problem); or give one of the names \(names)")
        }
    }

    public let blocks: [Block]
    public let description: String

    public init(_ string: String) throws {
        let tokens = string.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !tokens.isEmpty, tokens.allSatisfy({ !$0.isEmpty }) else {
            throw ArchitectureError(string, "it is empty or has an empty entry")
        }
        blocks = try tokens.map { try Architecture.parse($0, in: string) }
        description = tokens.joined(separator: ",")
        guard case let .convolution(_, _, outputChannels)? = blocks.last, outputChannels == 3 else {
            throw ArchitectureError(
                string, "the last layer must be a convolution to 3 channels (cKs1-3), the RGB output")
        }
        // The output must have the input's size: as many halvings as doublings. Feature maps at
        // most `maximumScale` times smaller than the input (63 halvings once
        // overflowed `scale`, a crash where a clear error belongs).
        var scale = 1
        for block in blocks {
            switch block {
            case let .convolution(_, stride, _): scale *= stride
            case .down: scale *= 2
            case .residual: break
            case .up:
                guard scale > 1 else {
                    throw ArchitectureError(
                        string, "it upsamples beyond the input's size (more uN than dN or stride 2)")
                }
                scale /= 2
            }
            guard scale <= Architecture.maximumScale else {
                throw ArchitectureError(
                    string,
                    "it halves the input's size more than \(Architecture.maximumScale.trailingZeroBitCount) times "
                        + "(dN and stride-2 layers before as many uN): its feature maps would be smaller than a pixel "
                        + "for every image up to \(SettingBounds.imageSide.upperBound) pixels")
            }
        }
        guard scale == 1 else {
            throw ArchitectureError(
                string, "its output would be 1/\(scale) of the input's size: give as many uN as dN (or stride-2 layers)"
            )
        }
        // Residual blocks keep the channel count of their input.
        var channels = 3
        for (token, block) in zip(tokens, blocks) {
            switch block {
            case let .convolution(_, _, c), let .down(c), let .up(c): channels = c
            case let .residual(c):
                guard c == channels else {
                    throw ArchitectureError(
                        string, "\(token) needs \(c) input channels, the layer before gives \(channels)")
                }
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case blocks, description
    }

    /// Through the parser, with all its checks: a checkpoint's JSON must not build a network the
    /// command line would refuse (a 2³¹-pixel kernel). The blocks, when stored, must agree.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .description)
        do {
            try self.init(text)
        } catch let error as ArchitectureError {
            throw DecodingError.dataCorruptedError(
                forKey: .description, in: container, debugDescription: error.description)
        }
        if let stored = try container.decodeIfPresent([Block].self, forKey: .blocks), stored != blocks {
            throw DecodingError.dataCorruptedError(
                forKey: .blocks, in: container,
                debugDescription: "the blocks do not match the description '\(text)'")
        }
    }

    /// Weights of the convolutions (K² × input × output channels each), the bulk of the
    /// network's parameters; nil if the count overflows.
    public var convolutionWeights: Int? {
        var channels = 3
        var terms: [Int?] = []
        for block in blocks {
            switch block {
            case let .convolution(k, _, c):
                terms.append(ElementCount.product([k, k, channels, c]))
                channels = c
            case let .down(c), let .up(c):
                terms.append(ElementCount.product([3, 3, channels, c]))
                channels = c
            case let .residual(c):
                terms.append(ElementCount.product([2, 3, 3, c, c]))
            }
        }
        return ElementCount.sum(terms)
    }

    /// Each block with the scale of its input and of its output: how many times smaller than the
    /// network's input they are (each stride-2 layer halves the size, rounding up; each
    /// upsampling doubles it).
    public var scales: [(block: Block, input: Int, output: Int)] {
        var scale = 1
        return blocks.map { block in
            let input = scale
            switch block {
            case let .convolution(_, stride, _): scale *= stride
            case .down: scale *= 2
            case .residual: break
            case .up: scale = max(scale / 2, 1)
            }
            return (block, input, scale)
        }
    }

    /// The network returns an image of its input's size when both sides are multiples of this:
    /// the scale of its smallest feature map (4 for Johnson's network, whose two stride-2 layers
    /// each halve the size).
    public var sizeMultiple: Int { scales.map(\.output).max() ?? 1 }

    /// How many times smaller than the input a feature map may be: the largest image side
    /// (2¹⁵), so 15 halvings at most.
    public static let maximumScale = SettingBounds.imageSide.upperBound

    /// Channel counts and kernel sizes accepted: what fits the network's memory is then checked
    /// by `WorkingMemory`.
    public static let numbers = 1...4096

    private static func parse(_ token: String, in string: String) throws -> Block {
        func number<S: StringProtocol>(_ s: S) throws -> Int {
            // Digits only: Int("+3") would read "c+3s1-3" as c3s1-3.
            guard !s.isEmpty, s.allSatisfy({ ("0"..."9").contains($0) }), let n = Int(s), numbers.contains(n) else {
                throw ArchitectureError(
                    string,
                    "'\(token)': '\(s)' is not a channel count or size between \(numbers.lowerBound) and "
                        + "\(numbers.upperBound)"
                )
            }
            return n
        }
        let kind = token.first!, rest = token.dropFirst()
        switch kind {
        case "c":
            // cKsS-N, each part present (empty parts are not dropped: "c-3s1-3" is no layer).
            let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
            let ks = parts.first?.split(separator: "s", omittingEmptySubsequences: false) ?? []
            guard parts.count == 2, ks.count == 2 else {
                throw ArchitectureError(string, "'\(token)' is not of the form cKsS-N, e.g. c9s1-32")
            }
            let (k, s, n) = (try number(ks[0]), try number(ks[1]), try number(parts[1]))
            guard k % 2 == 1 else { throw ArchitectureError(string, "'\(token)': the kernel size must be odd") }
            guard s == 1 || s == 2 else { throw ArchitectureError(string, "'\(token)': the stride must be 1 or 2") }
            return .convolution(kernelSize: k, stride: s, channels: n)
        case "d": return .down(channels: try number(rest))
        case "R": return .residual(channels: try number(rest))
        case "u": return .up(channels: try number(rest))
        default: throw ArchitectureError(string, "'\(token)' is not a layer: use cKsS-N, dN, RN or uN")
        }
    }
}
