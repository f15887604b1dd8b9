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

    public init(_ options: TransformerOptions) {
        var scale = 1, multiple = 1, minimum = 1
        let reflects = options.padding == .reflection
        func convolution(_ kernelSize: Int) { if reflects { minimum = max(minimum, (kernelSize / 2 + 1) * scale) } }
        for block in options.architecture.blocks {
            switch block {
            case let .convolution(kernelSize, stride, _):
                convolution(kernelSize)
                scale *= stride
            case .down:
                convolution(3)
                scale *= 2
            case .residual:
                convolution(3)
            case .up:
                scale = max(scale / 2, 1)
                if options.upsampling == .nearest { convolution(3) }
            }
            multiple = max(multiple, scale)
        }
        self.multiple = multiple
        minimumSide = (minimum + multiple - 1) / multiple * multiple
    }

    /// The smallest valid side at least `side`.
    public func paddedSide(_ side: Int) -> Int {
        max(minimumSide, (side + multiple - 1) / multiple * multiple)
    }
}
