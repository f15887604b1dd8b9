import Foundation

/// A file the command line finds when no option names it: the VGG weights, the built-in styles'
/// network, the video benchmarks' clip. It looks, in order, at the path in the file's environment
/// variable (if set, whether or not the file exists there: the user chose it); the repository's,
/// under the current folder, then in the checkout the executable was built in (the nearest folder
/// above it with a `weights` folder), so that commands run from anywhere find what
/// `weights/fetch.sh` wrote; the user's data folder (`$XDG_DATA_HOME/faststyle`, else
/// `~/.local/share/faststyle`), where `weights fetch` writes outside a checkout; and
/// `/usr/share/faststyle`, where the Debian package puts what ships with faststyle.
struct DataFile {
    /// The file's path in the repository, e.g. `weights/vgg16.h5`; its name is its name in the
    /// data folders.
    let repositoryPath: String
    /// The environment variable that names the file, e.g. `FASTSTYLE_VGG`.
    let variable: String
    /// What the file is, e.g. "VGG weights", and how to get it, for the error when it is nowhere.
    let description: String
    let remedy: String

    static let vggWeights = DataFile(
        repositoryPath: "weights/vgg16.h5", variable: "FASTSTYLE_VGG", description: "VGG weights",
        remedy: "run `faststyle weights fetch` to download and convert them (about 60 MB), or set FASTSTYLE_VGG to a "
            + "Keras VGG-16/VGG-19 HDF5 file, or give --vgg")
    static let builtInStyles = DataFile(
        repositoryPath: "weights/styles.h5", variable: "FASTSTYLE_STYLES",
        description: "network of the built-in styles",
        remedy:
            "give a network with --model (a checkpoint `faststyle train` wrote, or an ONNX model); the Debian package "
            + "ships the built-in styles")

    static let benchmarkClip = DataFile(
        repositoryPath: "datasets/video/desk.mp4", variable: "FASTSTYLE_CLIP",
        description: "video clip of the video benchmarks",
        remedy: "set FASTSTYLE_CLIP to a video file")

    static let benchmarkPhotographs = DataFile(
        repositoryPath: "datasets/content", variable: "FASTSTYLE_PHOTOS",
        description: "photographs (.jpg) of the startup and pair benchmarks",
        remedy: "set FASTSTYLE_PHOTOS to a folder of .jpg photographs")

    /// Where the Debian package installs the files that ship with faststyle.
    static let systemFolder = "/usr/share/faststyle"

    var fileName: String { URL(fileURLWithPath: repositoryPath).lastPathComponent }

    /// The lookup in words, for help texts.
    var lookup: String {
        "$\(variable), else \(repositoryPath) of the repository, else \(fileName) in $XDG_DATA_HOME/faststyle "
            + "(~/.local/share/faststyle) or \(Self.systemFolder)"
    }

    /// The places looked at after the environment variable, in order.
    func places(environment: [String: String] = ProcessInfo.processInfo.environment, executable: URL = Self.executable)
        -> [String]
    {
        [repositoryPath]
            + [Self.checkout(of: executable)?.appendingPathComponent(repositoryPath).path].compactMap { $0 }
            + [Self.userFolder(environment: environment), Self.systemFolder].map { "\($0)/\(fileName)" }
    }

    /// The file: the environment variable's path if it is set, else the first of `places` that
    /// exists; `DataFileNotFound` names them all when none does.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment, executable: URL = Self.executable)
        throws -> String
    {
        if let path = environment[variable], !path.isEmpty { return path }
        let places = places(environment: environment, executable: executable)
        guard let found = places.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw DataFileNotFound(file: self, places: places)
        }
        return found
    }

    /// Where a command that makes the file (`weights fetch`) writes it: the environment variable's
    /// path if it is set, else the repository's when the executable was built in a checkout, else
    /// the user's data folder.
    func destination(
        environment: [String: String] = ProcessInfo.processInfo.environment, executable: URL = Self.executable
    ) -> String {
        if let path = environment[variable], !path.isEmpty { return path }
        if let checkout = Self.checkout(of: executable) { return checkout.appendingPathComponent(repositoryPath).path }
        return "\(Self.userFolder(environment: environment))/\(fileName)"
    }

    /// This process's executable, through its symbolic links.
    static var executable: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath() }

    /// The nearest folder above `executable` with a `weights` folder: the repository it was built in.
    static func checkout(of executable: URL) -> URL? {
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(
                atPath: folder.appendingPathComponent("weights").path, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// faststyle's folder in the user's data folder (XDG Base Directory Specification: a relative
    /// `XDG_DATA_HOME` is ignored).
    static func userFolder(environment: [String: String]) -> String {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return "\(data)/faststyle" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return "\(home)/.local/share/faststyle"
    }
}
