import Foundation
import Imaging
import Platform

/// Every file a command writes, checked before any work: an hour of training, a ten-minute
/// optimization or a folder of photographs must not end in "cannot write" or "cannot tell the
/// format", must not write over one of its own inputs, and must not replace a file the user did
/// not ask it to replace.
public enum OutputFiles {
    /// What a named output must be.
    public enum Kind: Sendable {
        case image, checkpoint, onnx
        /// A checkpoint or an ONNX model.
        case network
        case json

        var extensions: [String] {
            switch self {
            case .image: return ["png", "jpg", "jpeg"]
            case .checkpoint: return ["h5", "hdf5"]
            case .onnx: return ["onnx"]
            case .network: return ["h5", "hdf5", "onnx"]
            case .json: return ["json"]
            }
        }
    }

    /// A file the user named: its extension one of `kind`'s, writable (`OutputPath`), and not one
    /// of `inputs` (files or folders read by the same command).
    public static func requireNamed(_ path: String, as kind: Kind, inputs: [String] = []) throws {
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        guard kind.extensions.contains(ext), name.count > ext.count + 1 else {
            let formats = kind.extensions.map { ".\($0)" }.joined(separator: ", ")
            throw SettingProblem(.output, path, "must be a file name ending in \(formats) (its format is told by it)")
        }
        try OutputPath.requireWritableFile(path)
        try requireNotAnInput(path, inputs: inputs)
    }

    /// Throws when `path` is one of `inputs` or lies in an input folder at the place of an input.
    public static func requireNotAnInput(_ path: String, inputs: [String]) throws {
        for input in inputs where same(path, input) {
            throw SettingProblem(
                .output, path,
                input == path
                    ? "is an input: the result would replace it"
                    : "is the same file as the input \(input): the result would replace it")
        }
    }

    /// Files the command writes that the user did not name (a run's history and plot, the images
    /// written into an output folder, reports): none may exist yet, unless `overwrite`. `resume`
    /// names a run that could be continued instead.
    public static func requireNew(_ paths: [String], overwrite: Bool, resume: String? = nil) throws {
        guard !overwrite else { return }
        let existing = paths.filter(FileKind.isPresent)
        guard existing.isEmpty else { throw ExistingOutputs(existing, resume: resume) }
    }

    /// Whether `a` and `b` name the same file or folder: the same device and inode when both
    /// exist, else the same absolute path once `.`, `..` and links in their folders are resolved.
    public static func same(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        return resolved(a) == resolved(b)
    }

    private static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent)
            .path
    }
}

/// Files a run would replace that the user did not name: "runs/a.h5 exists already: give
/// --overwrite to replace it, or --resume runs/a.h5 to continue that run".
public struct ExistingOutputs: SettingError, Equatable {
    public let paths: [String]
    public let resume: String?

    public init(_ paths: [String], resume: String? = nil) {
        self.paths = paths
        self.resume = resume
    }

    public func message(naming name: (Setting) -> String) -> String {
        let shown = paths.prefix(3).joined(separator: ", ") + (paths.count > 3 ? " and \(paths.count - 3) more" : "")
        let verb = paths.count == 1 ? "exists" : "exist"
        let continuing = resume.map { ", or \(name(.resume)) \($0) to continue that run" } ?? ""
        return
            "\(shown) \(verb) already: give \(name(.overwrite)) to replace "
            + "\(paths.count == 1 ? "it" : "them")\(continuing)"
    }
}
