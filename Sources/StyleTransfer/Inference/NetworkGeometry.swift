import NN

/// Which input sizes a transformation network maps to an output of the same size.
///
/// Each stride-2 layer halves the size and each upsampling doubles it, so the sides must be
/// multiples of 2^(downsamplings) for the output to match the input; and each reflection-padded
/// K×K convolution needs more than K/2 pixels at its own scale. Johnson's network needs
/// multiples of 4 and at least 8 pixels (its residual blocks run at a quarter of the size).
public struct NetworkGeometry: Equatable, Sendable {
    /// Sides must be multiples of this.
    public let multiple: Int
    /// Sides must be at least this (a multiple of `multiple`).
    public let minimumSide: Int

    public init(_ settings: TransformerSettings) {
        var minimum = 1
        func convolution(_ kernelSize: Int, at scale: Int) {
            if settings.padding == .reflection { minimum = max(minimum, (kernelSize / 2 + 1) * scale) }
        }
        for (block, input, output) in settings.architecture.scales {
            switch block {
            case let .convolution(kernelSize, _, _): convolution(kernelSize, at: input)
            case .down, .residual: convolution(3, at: input)
            case .up: if settings.upsampling == .nearest { convolution(3, at: output) }
            }
        }
        multiple = settings.architecture.sizeMultiple
        minimumSide = (minimum + multiple - 1) / multiple * multiple
    }

    /// The smallest valid side at least `side`.
    public func paddedSide(_ side: Int) -> Int {
        max(minimumSide, (side + multiple - 1) / multiple * multiple)
    }
}
