import Foundation

/// Runs this program again in the same process (`execv`, same arguments and process id) with
/// environment variables added: OpenMP's runtime reads its settings (thread count, wait policy)
/// only when it is loaded, before `main`, so a setting chosen at run time needs a new start.
/// A second load of the program's shared libraries: about 15 ms since FFmpeg's are loaded only
/// for video, 0.15 s before (docs/speed.md, "Start-up"). (Setting them from an executable's
/// .preinit_array, before libgomp starts, was tried: glibc's own start-up then resets the
/// environment to the one the process was given, and libgomp never sees them.)
enum ProgramRestart {
    /// Returns at once when `variables` are already set as given; otherwise does not return.
    static func restart(setting variables: [String: String], because reason: String) throws {
        let environment = ProcessInfo.processInfo.environment
        let changed = variables.filter { environment[$0.key] != $0.value }
        if changed.isEmpty { return }
        for (key, value) in changed { setenv(key, value, 1) }
        var cArguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &cArguments)
        throw CommandError(
            "\(reason): could not restart with "
                + "\(changed.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")): "
                + "\(String(cString: strerror(errno)))"
        )
    }
}
