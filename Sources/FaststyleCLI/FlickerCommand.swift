import ArgumentParser
import Foundation
import ONNX
import StyleTransfer

/// `faststyle flicker`: how much stylized videos flicker (Lai et al.'s warping error along the
/// input's motion) and how much style they keep (the network's style loss).
struct FlickerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flicker",
        abstract:
            "Measure the flicker of stylized videos (warping error along the input's optical flow) and their style "
            + "loss.",
        discussion: """
            The warping error of Lai et al. (2018): the optical flow between consecutive input frames carries the \\
            previous frame of a video onto the current one; the mean squared RGB difference (values 0-1) over the \\
            pixels where the forward and backward flows agree, averaged over the frames. It is given for the \\
            input itself and for each stylized video (of the input's size and frame count). With --model, the \\
            mean style loss of the stylized frames (every 4th) against the network's stored style targets.
            """)

    @Argument(help: "The input video, then stylized versions of it.")
    var videos: [String]

    @Option(
        help: """
            The network whose style targets the style loss is measured against (a checkpoint of `faststyle train`; \
            default: none, no style loss).
            """
    )
    var model: String?

    @OptionGroup var styleChoice: StyleChoiceOptions

    @OptionGroup var weights: VGGWeightsOption

    func validate() throws {
        guard videos.count >= 2 else {
            throw ValidationError("give the input video and at least one stylized version of it")
        }
    }

    func run() throws {
        var loss: PerceptualLoss?
        var targets: StyleTargets?
        if let model {
            let checkpoint = try NetworkFile.checkpoint(at: model).selecting(try styleChoice.mix(), path: model)
            let lossSettings = checkpoint.settings.loss
            loss = try PerceptualLoss(weightsPath: weights.path, settings: lossSettings)
            targets = try checkpoint.storedStyleTargets(for: lossSettings, path: model).first
        }
        let results = try FlickerMeasurement().measure(
            input: videos[0], videos: Array(videos.dropFirst()), loss: loss, targets: targets)
        let width = max(10, results.map(\.path.count).max() ?? 0)
        print(
            "video".padding(toLength: width, withPad: " ", startingAt: 0) + "  warping error"
                + (loss != nil ? "  style loss" : ""))
        for result in results {
            let style = result.styleLoss.map { String(format: "  %10.4g", $0) } ?? ""
            print(
                result.path.padding(toLength: width, withPad: " ", startingAt: 0)
                    + String(format: "  %13.6f", result.warpingError) + style)
        }
    }
}
