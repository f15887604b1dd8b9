import CKernels
import Foundation
import Imaging
import Tensors
import Video

/// Steadies stylized video at inference time, without retraining: each stylized frame is mixed
/// with the previous *output* frame carried forward along the optical flow of the input, where
/// that carried frame can be trusted (as in the short-term consistency of Ruder et al. 2016 and
/// the flow-warped blending of ReCoNet, Gao et al. 2018, here applied after the network):
///
///     output = stylized + weight · confidence · (warped previous output − stylized)
///
/// confidence = exp(−d² / tolerance²) where d is the RMS colour distance (0…255) between the
/// input pixel and the previous input warped the same way (large where the flow is wrong, at
/// occlusions and where the scene changed: a cut, a light switched on), and 0 where the flow
/// leads out of the frame. A carried stroke's weight decays geometrically (weight^k after k
/// frames), so it cannot smear forever.
public final class TemporalSteadying {
    /// The measured default (README, "Video"): on the repository's clip it halves the warping
    /// error of a light network's output (0.0152 → 0.0080; 0.45 gives 0.0051), at a cost in
    /// style loss (×1.5; ×2.1 at 0.45) that grows with the weight.
    public static let defaultWeight: Float = 0.3

    public let weight: Float
    public let flow: OpticalFlow
    /// RMS colour distance (0…255) at which the confidence falls to 1/e.
    public var tolerance: Float = 16
    private var previous: (input: Image, output: Image)?

    public init(weight: Float = TemporalSteadying.defaultWeight, flow: OpticalFlow = .fast) {
        self.weight = weight
        self.flow = flow
    }

    /// The output frame for `input` whose network output is `stylized`; remembers both for the next.
    public func steady(input: Image, stylized: Image) -> Image {
        guard let previous = previousFrame(matching: input) else { return remember(input, stylized) }
        return remember(
            input,
            mix(
                input: input, stylized: stylized, previous: previous,
                motion: flow.flow(from: input, to: previous.input)))
    }

    /// The same for the network output `stylize` computes: the flow to the previous frame, which
    /// depends on the inputs only, is found on another thread meanwhile, so that its serial work
    /// (a third of the steadying's) runs while the network leaves a core idle.
    public func steady(input: Image, stylizing stylize: () throws -> Image) rethrows -> Image {
        guard let previous = previousFrame(matching: input) else { return remember(input, try stylize()) }
        let motion = ConcurrentResult { [flow] in flow.flow(from: input, to: previous.input) }
        let stylized: Image
        do {
            stylized = try stylize()
        } catch {
            _ = motion.value
            throw error
        }
        return remember(input, mix(input: input, stylized: stylized, previous: previous, motion: motion.value))
    }

    private func previousFrame(matching input: Image) -> (input: Image, output: Image)? {
        guard let previous, previous.input.width == input.width, previous.input.height == input.height, weight > 0
        else { return nil }
        return previous
    }

    private func remember(_ input: Image, _ output: Image) -> Image {
        previous = (input, output)
        return output
    }

    private func mix(input: Image, stylized: Image, previous: (input: Image, output: Image), motion: FlowField) -> Image
    {
        let (carriedInput, inside) = motion.warp(previous.input)
        let carriedOutput = motion.warp(previous.output).image
        let plane = input.width * input.height
        var mixed = stylized
        let scale = -1 / (3 * tolerance * tolerance)
        mixed.pixels.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(plane, costPerItem: 16) { pixels in
                faststyle_steady_mix(
                    input.pixels, carriedInput.pixels, carriedOutput.pixels, inside, out.baseAddress,
                    plane, pixels.lowerBound, pixels.upperBound, weight, scale)
            }
        }
        return Self.matchingContrast(of: mixed, to: stylized, radius: contrastRadius)
    }

    /// Radius (pixels) of the windows whose contrast the mix is brought back to.
    public var contrastRadius = 8

    /// `blend` with its deviations from its local mean scaled so that each channel's local
    /// standard deviation is `reference`'s (windows of 2 × radius + 1, box-weighted). Mixing two
    /// renderings whose strokes differ averages them out: the mix is flatter than either, and
    /// the style loss (Gram matrices, second moments) rises; this restores the strokes' contrast
    /// where the mix lost it and changes nothing where both renderings agreed.
    static func matchingContrast(of blend: Image, to reference: Image, radius: Int) -> Image {
        let (width, height) = (blend.width, blend.height)
        let plane = width * height
        var result = blend
        result.pixels.withUnsafeMutableBufferPointer { out in
            blend.pixels.withUnsafeBufferPointer { b in
                reference.pixels.withUnsafeBufferPointer { r in
                    // Rows across the cores; each chunk sums its windows' rows itself.
                    Parallel.forEachChunk(height, costPerItem: 40 * width) { rows in
                        for c in 0..<3 {
                            let status = faststyle_match_contrast(
                                b.baseAddress! + c * plane, r.baseAddress! + c * plane, out.baseAddress! + c * plane,
                                Int32(width), Int32(height), Int32(radius), maximumGain,
                                Int32(rows.lowerBound), Int32(rows.upperBound))
                            precondition(status == 0, "no memory for the contrast of a \(width)×\(height) frame")
                        }
                    }
                }
            }
        }
        return result
    }

    /// At most twice the contrast: flat areas of the mix are not blown up to noise.
    static let maximumGain: Float = 2

    /// Forgets the previous frame (the next is steadied against nothing).
    public func reset() { previous = nil }
}

/// A value computed on another thread from the moment it is made; `value` waits for it.
private final class ConcurrentResult<Value>: @unchecked Sendable {
    private var result: Value?
    private let done = DispatchGroup()

    init(_ compute: @escaping () -> Value) {
        done.enter()
        DispatchQueue.global().async {
            self.result = compute()
            self.done.leave()
        }
    }

    var value: Value {
        done.wait()
        return result!
    }
}
