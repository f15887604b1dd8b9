import Foundation
import Tensors

/// A training term that makes the network's strokes follow its input (Gupta et al. 2017,
/// "Characterizing and improving stability in neural style transfer": the output should change
/// little where the input changes little).
///
/// A video's consecutive frames differ by small motions and sensor or compression noise; a
/// network that downsamples by 4 paints a shifted photograph on a different grid, and answers
/// with different strokes: the flicker `faststyle flicker` measures. So each crop x of a batch is
/// paired with a copy x′ moved by a few pixels (every residue modulo the network's stride) and
/// with noise added, and the term penalizes where f(x′) differs from f(x) moved the same way:
///
///     L_stab = λ · mean over the pair's common interior of (f(x′)[i, j] − f(x)[i + dy, j + dx])²
///
/// The interior leaves out a margin at both crops' borders, where the reflection padding makes
/// them legitimately differ. Both halves of the pair get the gradient.
public struct StabilityTerm: Sendable {
    /// λ, on output values in [0, 255].
    public let weight: Float
    /// The largest move, in pixels, either way along each axis.
    public static let largestShift = 4
    /// The noise added to the moved copy: standard deviation in levels of 255.
    public static let noise: Float = 2
    /// Pixels at each crop's border left out of the comparison.
    public static let margin = 12

    public init(weight: Float) { self.weight = weight }

    /// How one crop's copy was moved: x′[i, j] = x[i + dy, j + dx] (reflected at the border).
    public struct Shift: Equatable, Sendable {
        public var dy: Int
        public var dx: Int

        public init(dy: Int, dx: Int) {
            self.dy = dy
            self.dx = dx
        }
    }

    /// The moves and noise of one step: the same for a given seed, iteration and slot, so that a
    /// resumed run and every process of a group draw what a single run would.
    static func generator(seed: UInt64, iteration: Int, slot: Int) -> SeededGenerator {
        SeededGenerator(seed: seed &+ 0x5EED_57AB &* UInt64(iteration + 1) &+ UInt64(slot) &* 0x9E37_79B9)
    }

    /// The batch to stylize: the N crops of `content`, then their N moved, noisy copies (crops
    /// wider and taller than `largestShift`, as every training crop is).
    public func pairedBatch(_ content: Tensor, seed: UInt64, iteration: Int, slots: Range<Int>) -> (
        Tensor, [Shift]
    ) {
        precondition(content.channelBlock == 1 && content.rank == 4, "a plain N×C×H×W batch")
        let (n, c, h, w) = (content.batch, content.channels, content.height, content.width)
        let paired = Tensor(uninitializedShape: [2 * n, c, h, w])
        paired.data.update(from: content.data, count: content.count)
        var shifts: [Shift] = []
        let plane = h * w
        for (k, slot) in slots.enumerated() {
            var random = Self.generator(seed: seed, iteration: iteration, slot: slot)
            let span = UInt64(2 * Self.largestShift + 1)
            let shift = Shift(
                dy: Int(random.next() % span) - Self.largestShift, dx: Int(random.next() % span) - Self.largestShift)
            shifts.append(shift)
            for channel in 0..<c {
                let source = content.data + (k * c + channel) * plane
                let target = paired.data + ((n + k) * c + channel) * plane
                for y in 0..<h {
                    let sy = ReflectionPadding.reflect(y + shift.dy, h)
                    for x in 0..<w {
                        let value = source[sy * w + ReflectionPadding.reflect(x + shift.dx, w)] + Self.noise * random.nextNormal()
                        target[y * w + x] = min(255, max(0, value))
                    }
                }
            }
        }
        return (paired, shifts)
    }

    /// L_stab of a stylized pair batch (`pairedBatch`'s order), added into `gradient` (dL/d output,
    /// the same shape); returns λ · the mean squared difference.
    @discardableResult
    public func evaluate(_ output: Tensor, shifts: [Shift], addingInto gradient: Tensor?) -> Double {
        precondition(output.channelBlock == 1 && output.batch == 2 * shifts.count, "a stylized pair batch")
        let (n, c, h, w) = (shifts.count, output.channels, output.height, output.width)
        let plane = h * w
        // Each pair's compared rows and columns (in the moved copy's coordinates).
        let ranges = shifts.map { shift in
            (rows: Self.common(h, shift.dy), columns: Self.common(w, shift.dx))
        }
        let compared = ranges.reduce(0) { $0 + $1.rows.count * $1.columns.count } * c
        guard compared > 0 else { return 0 }
        var sum = 0.0
        let factor = 2 * weight / Float(compared)
        for (k, shift) in shifts.enumerated() {
            let (rows, columns) = ranges[k]
            for channel in 0..<c {
                let original = (k * c + channel) * plane, moved = ((n + k) * c + channel) * plane
                for y in rows {
                    var rowSum: Float = 0
                    let a = output.data + moved + y * w, b = output.data + original + (y + shift.dy) * w + shift.dx
                    for x in columns {
                        let difference = a[x] - b[x]
                        rowSum += difference * difference
                        if let gradient {
                            gradient.data[moved + y * w + x] += factor * difference
                            gradient.data[original + (y + shift.dy) * w + shift.dx + x] -= factor * difference
                        }
                    }
                    sum += Double(rowSum)
                }
            }
        }
        return Double(weight) * sum / Double(compared)
    }

    /// The positions p of the moved copy whose p and p + shift both lie a margin inside a side.
    static func common(_ side: Int, _ shift: Int) -> Range<Int> {
        let low = max(Self.margin, Self.margin - shift), high = min(side - Self.margin, side - Self.margin - shift)
        return low < high ? low..<high : 0..<0
    }
}
