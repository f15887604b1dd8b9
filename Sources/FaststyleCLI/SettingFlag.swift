import StyleTransfer

/// The flag that sets each setting the library names in its errors: the setting's name in
/// kebab case (`imageSize` → `--image-size`), except where the command line spells it otherwise.
enum SettingFlag {
    static func name(_ setting: Setting) -> String {
        exceptions[setting] ?? "--"
            + setting.rawValue.reduce(into: "") { name, character in
                name += character.isUppercase ? "-" + character.lowercased() : String(character)
            }
    }

    /// Flags not named after their setting.
    private static let exceptions: [Setting: String] = [
        .architecture: "--arch",
        .learningRateDecayEvery: "--lr-decay-every",
        .learningRateDecayFactor: "--lr-decay-factor",
        .learningRateSchedule: "--lr-schedule",
        .warmupIterations: "--lr-warmup",
        .cooldownIterations: "--lr-cooldown",
        .validationEvery: "--val-every",
        .styleImage: "--style",
        .styles: "--style",
        .base: "--from",
        .trainedParameters: "--train",
        .normalization: "--norm",
        .upsampling: "--upsample",
        .totalVariationWeight: "--tv-weight",
        .longSide: "--size",
        .tileSize: "--tile",
        .jpegQuality: "--quality",
        .styleName: "--style",
        .output: "-o",
        .videoCodec: "--codec",
        .videoQuality: "--crf",
        .patchCount: "--top",
        .patchesPerImage: "--per-image",
        .packSize: "--size",
    ]
}
