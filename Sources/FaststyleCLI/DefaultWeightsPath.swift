import Foundation

/// Where the command line looks for a file of the repository's `weights` folder when no option
/// names one: the environment variable's path if set; else the file under the current folder if
/// it is there; else that of the nearest folder above the executable with a `weights` folder (the
/// repository it was built in), so that commands run from anywhere find what `weights/fetch.sh`
/// wrote or the repository ships; else the relative path.
enum RepositoryFile {
    static func resolve(_ relative: String, override variable: String,
                        environment: [String: String] = ProcessInfo.processInfo.environment,
                        executable: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()) -> String {
        if let path = environment[variable], !path.isEmpty { return path }
        if FileManager.default.fileExists(atPath: relative) { return relative }
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("weights").path, isDirectory: &isDirectory),
               isDirectory.boolValue {
                return folder.appendingPathComponent(relative).path
            }
            folder.deleteLastPathComponent()
        }
        return relative
    }
}

/// The VGG weights when `--vgg` is not given: `$FASTSTYLE_VGG`, else `weights/vgg16.h5` (see
/// `RepositoryFile`).
enum DefaultWeightsPath {
    static let relative = "weights/vgg16.h5"

    static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment,
                        executable: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()) -> String {
        RepositoryFile.resolve(relative, override: "FASTSTYLE_VGG", environment: environment, executable: executable)
    }
}

/// The network of the built-in styles when `--model` is not given: `$FASTSTYLE_STYLES`, else
/// `weights/styles.h5` (see `RepositoryFile`).
enum BuiltInStyles {
    static let relative = "weights/styles.h5"

    static func resolve() -> String { RepositoryFile.resolve(relative, override: "FASTSTYLE_STYLES") }
}
