import Foundation
import StyleTransfer

/// The human-readable description `info` prints, one line per fact.
struct CheckpointSummary {
    let lines: [String]

    init(_ c: Checkpoint) {
        let o = c.settings
        let n = o.network
        let l = o.loss
        let parameterCount = c.parameters.reduce(0) { $0 + $1.values.count }
        var lines = [
            "kind:           "
                + (c.optimizer == nil
                    ? "model (no optimizer state: stylizes, cannot resume exactly)" : "full (resumable)"),
            "network:        \(n.architecture)",
            "                \(n.normalization.rawValue) normalization, \(n.padding.rawValue) padding, "
                + "\(n.upsampling.rawValue) upsampling, \(n.outputActivation.rawValue) output; \(parameterCount) "
                + "parameters",
        ]
        if let origin = c.importedFrom {
            // Trained elsewhere: the options below would be faststyle's defaults, not a record.
            lines.append("imported:       from \(origin) (ONNX); how it was trained is not recorded")
            self.lines = lines
            return
        }
        let targets =
            c.styleTargets.isEmpty
            ? "not stored (model-only: compare needs --style)"
            : "at \(o.styleSize.map { "\($0) px" } ?? "its own size") for "
                + "\(c.styleTargets.keys.sorted().joined(separator: ", "))"
        if n.styles > 1 {
            lines.append(
                "styles:         \(n.styles): \(o.styleNames.joined(separator: ", ")) (stylize --style NAME), Gram "
                    + "targets \(targets)"
            )
            if let shares = o.styleShares, Set(shares).count > 1 {
                let drawn = zip(o.styleNames, shares).filter { $0.1 != 1 }.map { "\($0.0)=\($0.1)" }
                lines.append("style shares:   \(drawn.joined(separator: ",")) (the others 1)")
            }
        } else {
            lines.append(
                "style:          \(o.styleImage.isEmpty ? "(not recorded)" : o.styleImage), Gram targets \(targets)")
        }
        if let base = o.base {
            lines.append(
                "started from:   \(base), training "
                    + (o.trainedParameters == .norm ? "only the normalizations' scales and shifts" : "every parameter")
            )
        }
        lines += [
            "loss:           content \(l.contentWeight) × \(l.contentLayers.joined(separator: ",")), style "
                + "\(l.styleWeight) × \(l.styleLayers.joined(separator: ",")) (layer factors "
                + "\(l.styleLayerWeights.map { "\($0)" }.joined(separator: ","))), tv \(l.totalVariationWeight), "
                + "\(l.pooling.rawValue) pooling",
            "training:       \(Self.recipe(o)), seed \(o.seed)",
            "progress:       iteration \(c.iteration) of \(o.iterations), \(DurationText.format(c.seconds)) of "
                + "training",
        ]
        if let last = c.history.last {
            lines.append("last loss:      \(Self.terms(last.terms)) (iteration \(last.iteration))")
        }
        let validated = c.history.filter { $0.validation != nil }
        if let first = validated.first, let last = validated.last, let v0 = first.validation, let v1 = last.validation {
            lines.append("validation:     \(Self.terms(v0)) (iteration \(first.iteration))")
            if last.iteration != first.iteration {
                lines.append("                \(Self.terms(v1)) (iteration \(last.iteration))")
            }
        }
        self.lines = lines
    }

    static func terms(_ t: LossTerms) -> String {
        String(format: "total %.4g (content %.4g, style %.4g, tv %.4g)", t.total, t.content, t.style, t.totalVariation)
    }

    /// Crops, batch and learning rate of a run, with their schedules, as one phrase; the final
    /// crops and the cooldown as shares of the run where a time budget gives them so.
    static func recipe(_ o: TrainingSettings, budget: TrainingBudget? = nil) -> String {
        func percent(_ share: Double?) -> String? { share.map { String(format: "%g%%", $0 * 100) } }
        var crops = "\(o.imageSize)² crops"
        if let side = o.finalImageSize, let last = percent(budget?.finalShare) ?? o.finalIterations.map(String.init) {
            crops += " (\(side)² for the last \(last))"
        }
        var rate = "learning rate \(o.learningRate)"
        if o.learningRateDecayEvery > 0 { rate += " × \(o.learningRateDecayFactor) every \(o.learningRateDecayEvery)" }
        var shape = [String]()
        if let warmup = o.warmupIterations, warmup > 0 { shape.append("warm-up \(warmup)") }
        if o.learningRateSchedule == .cosine { shape.append("cosine to 0") }
        if let cooldown = percent(budget?.cooldownShare) ?? o.cooldownIterations.flatMap({ $0 > 0 ? String($0) : nil })
        {
            shape.append("linear to 0 over the last \(cooldown)")
        }
        if !shape.isEmpty { rate += " (\(shape.joined(separator: ", ")))" }
        let stability = o.stability.map { ", stability term ×\($0.weight)" } ?? ""
        return "\(crops), batch \(o.batchSize), \(rate)\(stability)"
    }
}
