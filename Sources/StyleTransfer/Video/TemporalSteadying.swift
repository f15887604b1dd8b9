import Foundation
import Imaging
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
    /// The measured default (see README, "Video"): 0.6 more than halves the warping error of a
    /// network's output while its style loss moves by a few percent.
    public static let defaultWeight: Float = 0.6

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
        guard let previous, previous.input.width == input.width, previous.input.height == input.height, weight > 0 else {
            self.previous = (input, stylized)
            return stylized
        }
        let motion = flow.flow(from: input, to: previous.input)
        let (carriedInput, inside) = motion.warp(previous.input)
        let carriedOutput = motion.warp(previous.output).image
        let plane = input.width * input.height
        var result = stylized
        let scale = -1 / (3 * tolerance * tolerance)
        result.pixels.withUnsafeMutableBufferPointer { out in
            input.pixels.withUnsafeBufferPointer { now in
                carriedInput.pixels.withUnsafeBufferPointer { before in
                    carriedOutput.pixels.withUnsafeBufferPointer { carried in
                        for i in 0..<plane where inside[i] > 0 {
                            var distance: Float = 0
                            for c in 0..<3 {
                                let d = now[c * plane + i] - before[c * plane + i]
                                distance += d * d
                            }
                            let mix = weight * expf(distance * scale)
                            for c in 0..<3 { out[c * plane + i] += mix * (carried[c * plane + i] - out[c * plane + i]) }
                        }
                    }
                }
            }
        }
        self.previous = (input, result)
        return result
    }

    /// Forgets the previous frame (the next is steadied against nothing).
    public func reset() { previous = nil }
}
