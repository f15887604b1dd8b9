import StyleTransfer

/// What the command line says for an error: the library's description, with what only the command
/// line knows added (the command that obtains missing weights).
enum ErrorMessage {
    static func text(_ error: Error) -> String {
        switch error {
        case let error as WeightsError where error.missingFile != nil:
            return error.message + ": run `faststyle weights fetch` (or weights/fetch.sh) to download and convert them "
                + "(about 60 MB), or set FASTSTYLE_VGG to a Keras VGG-16/VGG-19 HDF5 file."
        default:
            return error.localizedDescription
        }
    }
}
