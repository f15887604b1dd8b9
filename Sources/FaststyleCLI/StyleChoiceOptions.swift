import ArgumentParser
import StyleTransfer

/// `--style NAME` and `--blend`: which style of a network of several to use.
struct StyleChoiceOptions: ParsableArguments {
    @Option(
        help: """
            The style to use, by name, for a network of several (`faststyle info` lists them) (default: the network's \
            only style).
            """
    )
    var style: String?

    @Option(
        help: ArgumentHelp(
            "A blend of the network's styles, NAME=WEIGHT,… (weights normalized to sum to 1), e.g. "
                + "starry_night=0.7,great_wave=0.3 (default: none).",
            valueName: "blend"))
    var blend: String?

    /// The style or blend asked for (nil: the network's only style).
    func mix() throws -> StyleMix? {
        if let blend {
            do { return try StyleMix(blend: blend) } catch { throw ValidationError(ErrorMessage.text(error)) }
        }
        return style.map(StyleMix.init(name:))
    }

    func validate() throws {
        if style != nil, blend != nil { throw ValidationError("give --style or --blend, not both") }
        _ = try mix()
    }
}
