import Imaging

/// Flicker measured as Lai et al. (2018, "Learning blind video temporal consistency") do: the
/// optical flow between consecutive *input* frames carries the previous output frame onto the
/// current one, and the error is the mean over non-occluded pixels of the squared RGB distance
/// (values in 0…1) between the current output and the warped previous one, averaged over the
/// pairs of frames. Pixels are occluded where the backward and forward flows disagree (Sundaram
/// et al. 2010's check, as Lai et al. and Ruder et al. use) or the flow leaves the frame.
///
/// Several outputs of one input (the input itself, per-frame and steadied stylizations) are
/// measured with the same flows: feed one input frame and its outputs at a time, in order.
public struct WarpingError {
    public let flow: OpticalFlow
    private var previousInput: Image?
    private var previousOutputs: [Image] = []
    private var sums: [Double] = []
    /// Pairs of consecutive frames measured.
    public private(set) var pairs = 0
    /// Share of the pixels counted (not occluded), over all pairs.
    public private(set) var visibleFraction = 0.0

    public init(flow: OpticalFlow = OpticalFlow(workingSide: 640)) {
        self.flow = flow
    }

    /// The warping error of each output so far (0 before the second frame).
    public var values: [Double] { sums.map { pairs > 0 ? $0 / Double(pairs) : 0 } }

    public mutating func add(input: Image, outputs: [Image]) {
        precondition(
            outputs.allSatisfy { $0.width == input.width && $0.height == input.height }, "outputs of the input's size")
        defer { previousInput = input; previousOutputs = outputs }
        guard let previousInput else {
            sums = [Double](repeating: 0, count: outputs.count)
            return
        }
        precondition(outputs.count == sums.count, "the same outputs for every frame")
        let backward = flow.flow(from: input, to: previousInput)
        let forward = flow.flow(from: previousInput, to: input)
        let (width, height) = (input.width, input.height)
        let plane = width * height
        var mask = [Bool](repeating: false, count: plane)
        var visible = 0
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                let (tx, ty) = (Float(x) + backward.u[i], Float(y) + backward.v[i])
                guard tx >= 0, ty >= 0, tx <= Float(width - 1), ty <= Float(height - 1) else { continue }
                let trip = backward.roundTrip(with: forward, x: x, y: y)
                if trip.du * trip.du + trip.dv * trip.dv <= 0.01 * trip.length + 0.5 {
                    mask[i] = true
                    visible += 1
                }
            }
        }
        visibleFraction = (visibleFraction * Double(pairs) + Double(visible) / Double(plane)) / Double(pairs + 1)
        for (index, (output, previous)) in zip(outputs, previousOutputs).enumerated() {
            let warped = backward.warp(previous).image
            var sum = 0.0
            output.pixels.withUnsafeBufferPointer { o in
                warped.pixels.withUnsafeBufferPointer { w in
                    for i in 0..<plane where mask[i] {
                        var d = 0.0
                        for c in 0..<3 {
                            let e = Double(o[c * plane + i] - w[c * plane + i]) / 255
                            d += e * e
                        }
                        sum += d
                    }
                }
            }
            sums[index] += visible > 0 ? sum / Double(visible) : 0
        }
        pairs += 1
    }
}
