import Foundation

/// Where the command line looks for the VGG weights when `--vgg` is not given: `$FASTSTYLE_VGG` if
/// set; else `weights/vgg16.h5` of the current folder if it is there; else that of the nearest
/// folder above the executable with a `weights` folder (the repository it was built in), so that
/// commands run from anywhere find what `weights/fetch.sh` wrote; else `weights/vgg16.h5`.
enum DefaultWeightsPath {
    static let relative = "weights/vgg16.h5"

    static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment,
                        executable: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()) -> String {
        if let path = environment["FASTSTYLE_VGG"], !path.isEmpty { return path }
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
