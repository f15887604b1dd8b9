import Foundation

/// Where faststyle keeps what it can measure again (the convolution choices of this machine):
/// `$XDG_CACHE_HOME/faststyle`, else `~/.cache/faststyle` (the XDG base directory rules); nil
/// without a home folder.
enum CacheFolder {
    static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/faststyle" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.cache/faststyle"
    }
}
