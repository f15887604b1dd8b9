import Foundation
import PackagePlugin

/// Gives the target the commit it is built from, for `faststyle --version`: `git rev-parse` writes
/// `let buildCommit = "…"` (the short hash, "-dirty" with uncommitted changes to tracked files,
/// "unknown" outside a git checkout), rewritten only when that changes, so that an unchanged commit
/// recompiles nothing. SwiftPM runs it whenever it plans the build: when a source file or the
/// manifest changed, or always with --disable-build-manifest-caching (scripts/package-deb.sh);
/// a build after a commit of other files keeps the earlier commit.
@main
struct BuildCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.pluginWorkDirectoryURL.appendingPathComponent("Generated")
        let script = """
            commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
            if [ "$commit" != unknown ] && ! git -C "$1" diff --quiet HEAD -- 2>/dev/null; then \
            commit="$commit-dirty"; fi
            text="let buildCommit = \\"$commit\\""
            mkdir -p "$(dirname "$2")"
            [ "$(cat "$2" 2>/dev/null)" = "$text" ] || printf '%s\\n' "$text" > "$2"
            """
        return [
            .prebuildCommand(
                displayName: "Stamping the commit into \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [
                    "-c", script, "sh", context.package.directoryURL.path,
                    folder.appendingPathComponent("BuildCommit.swift").path,
                ],
                outputFilesDirectory: folder)
        ]
    }
}
