import Imaging
import StyleTransfer

/// The filters of the loss network's first convolution drawn as small RGB pictures in a grid,
/// as in the lecture's first figure: what the network looks for in the pixels themselves
/// (edges of some orientation, colour opponents, blobs).
public enum FilterGrid {
    /// Filter `filter` of the first convolution as a kernelHeight × kernelWidth RGB picture,
    /// its weights scaled together so the smallest is 0 and the largest 255 (a filter whose
    /// weights are all equal is mid-grey). The weights take the Caffe models' BGR input, so
    /// input channel 2 is drawn as red and 0 as blue.
    public static func picture(of weights: ConvWeights, filter: Int) -> Image {
        precondition(
            weights.inChannels == 3 && (0..<weights.outChannels).contains(filter),
            "\(weights.name) filter \(filter) is not an RGB filter")
        let area = weights.kernelHeight * weights.kernelWidth
        let start = filter * 3 * area
        let values = weights.kernelOIHW[start..<(start + 3 * area)]
        let (low, high) = (values.min()!, values.max()!)
        var pixels = [Float](repeating: 127.5, count: 3 * area)
        if high > low {
            for c in 0..<3 {
                for i in 0..<area {
                    // Output plane c (R, G, B) is input channel 2 − c (B, G, R).
                    pixels[c * area + i] = (values[start + (2 - c) * area + i] - low) / (high - low) * 255
                }
            }
        }
        return Image(width: weights.kernelWidth, height: weights.kernelHeight, pixels: pixels)
    }

    /// Every filter of `weights` (the first convolution: 3 input channels), each enlarged
    /// `scale` times, in rows of `columns`, `gap` pixels of white between them and around.
    public static func render(_ weights: ConvWeights, scale: Int = 16, columns: Int = 8, gap: Int = 4) -> Image {
        precondition(scale > 0 && columns > 0 && gap >= 0, "scale and columns must be positive, gap not negative")
        let (cellWidth, cellHeight) = (weights.kernelWidth * scale, weights.kernelHeight * scale)
        let rows = (weights.outChannels + columns - 1) / columns
        var grid = Image(width: columns * (cellWidth + gap) + gap, height: rows * (cellHeight + gap) + gap, fill: 255)
        for filter in 0..<weights.outChannels {
            let (row, column) = filter.quotientAndRemainder(dividingBy: columns)
            grid.draw(
                picture(of: weights, filter: filter).enlarged(by: scale),
                x: gap + column * (cellWidth + gap), y: gap + row * (cellHeight + gap))
        }
        return grid
    }
}
