import ArgumentParser
import Imaging
import StyleTransfer

/// What the command line says for an error: the library's message with the settings it names
/// spelled as flags, and what only the command line knows added (the command that fetches
/// missing weights, the flag that raises the pixel limit).
enum ErrorMessage {
    static func text(_ error: Error) -> String {
        switch error {
        case let error as SettingError:
            return error.message(naming: SettingFlag.name)
        case let error as WeightsError where error.missingFile != nil:
            return error.message + ": run `faststyle weights fetch` (or weights/fetch.sh) to download and convert them "
                + "(about 60 MB), or set FASTSTYLE_VGG to a Keras VGG-16/VGG-19 HDF5 file."
        case let error as CheckpointError where error.holdsVGGWeights:
            return error.description + "; see `faststyle weights info`"
        case let error as ImageError:
            if case .tooManyPixels = error { return error.description + " with --max-pixels" }
            return error.description
        default:
            return error.localizedDescription
        }
    }

    /// Runs a library check from a command's `validate()`: its error becomes a usage error.
    static func validating(_ check: () throws -> Void) throws {
        do {
            try check()
        } catch {
            throw ValidationError(text(error))
        }
    }
}
