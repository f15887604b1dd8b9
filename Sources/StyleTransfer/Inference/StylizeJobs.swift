import Foundation
import Imaging
import Platform
import Video

/// Maps the inputs and the output of a stylize run to jobs. Inputs are image files or folders
/// (searched recursively for .png, .jpg, .jpeg). One input file and an output with an image
/// extension: the output is that file. Otherwise the output is a folder (created when the
/// images are written) receiving each image under its own name (folders keep their inner
/// structure), in its own format. Everything is checked before any image is read: a folder
/// given as the output image, a read-only disk, one input file and an output that names no
/// image file nor an existing folder (`noext`, `.png`), an output that is one of the inputs (or
/// the input folder), and outputs in a folder that hold files already (unless `overwrite`).
public enum StylizeJobs {
    public static func make(
        inputs: [String], output: String, overwrite: Bool = false,
        readSettings: ImageReadSettings = .init()
    ) throws -> [StylizeJob] {
        var sources: [(path: String, relative: String, unopenable: ImageError?)] = []
        var givenFolder = false
        for input in inputs {
            // Anything present that is not a folder is an input file, whose reading then says what
            // is wrong with it (a link loop, a pipe).
            guard FileKind.isPresent(input) else { throw StylizeError("\(input): no such file or folder") }
            if FileKind.of(input) == .directory {
                givenFolder = true
                let folder = try ImageFolder(path: input, readSettings: readSettings)
                sources += (0..<folder.count).map {
                    (folder.filePath(at: $0), folder.name(at: $0), folder.unopenable(at: $0))
                }
            } else {
                sources.append((input, (input as NSString).lastPathComponent, nil))
            }
        }
        try OutputFiles.requireNotAnInput(output, inputs: inputs)
        let name = (output as NSString).lastPathComponent
        let outputExtension = (output as NSString).pathExtension.lowercased()
        let outputIsFolder = FileKind.of(output) == .directory
        // A device, a pipe or a dangling link is refused for what it is, whatever its name.
        if !outputIsFolder, FileKind.isPresent(output) { try OutputPath.requireWritableFile(output) }
        if !outputIsFolder, name.hasPrefix("."),
            ImageFolder.imageExtensions.contains(String(name.dropFirst()).lowercased())
        {
            throw SettingProblem(
                .output, output, "names no file: give a name before the extension (photo\(name)), or a folder")
        }
        if !outputIsFolder, !outputExtension.isEmpty {
            guard ImageFolder.imageExtensions.contains(outputExtension) else {
                throw StylizeError(
                    ImageError.unsupportedOutputExtension(path: output).description
                        + " (or give a folder for several images)")
            }
            guard sources.count == 1, !givenFolder else {
                throw StylizeError("\(output): \(sources.count) input images need an output folder, not one image file")
            }
            try OutputPath.requireWritableFile(output)
            return [StylizeJob(input: sources[0].path, output: output, name: sources[0].relative)]
        }
        if sources.count == 1, !givenFolder, !outputIsFolder {
            throw SettingProblem(
                .output, output, "must end in .png, .jpg or .jpeg for one input image, or be an existing folder")
        }
        try OutputPath.requireWritableFolder(output)
        let jobs = sources.map { source in
            StylizeJob(
                input: source.path, output: URL(fileURLWithPath: output).appendingPathComponent(source.relative).path,
                name: source.relative, unopenable: source.unopenable)
        }
        var seen: [String: String] = [:]
        for job in jobs {
            if let other = seen[job.output] {
                throw StylizeError(
                    "\(other) and \(job.input) would both be written to \(job.output); stylize them into different "
                        + "folders"
                )
            }
            seen[job.output] = job.input
        }
        try OutputFiles.requireNew(jobs.map(\.output), overwrite: overwrite)
        return jobs
    }

    /// The video among `inputs` (by its extension, `VideoContainer.isVideo`), nil when there is
    /// none; a video is stylized alone.
    public static func video(inputs: [String]) throws -> String? {
        let videos = inputs.filter(VideoContainer.isVideo)
        guard let first = videos.first else { return nil }
        guard inputs.count == 1 else {
            throw StylizeError(
                "\(first): a video is stylized alone; give it as the only input (\(inputs.count) were given)")
        }
        return first
    }

    /// Throws when a setting the user gave cannot apply to these jobs: a JPEG quality when no
    /// output is a JPEG file.
    public static func requireApplicable(_ given: Set<Setting>, to jobs: [StylizeJob]) throws {
        let jpeg = jobs.contains { ["jpg", "jpeg"].contains(($0.output as NSString).pathExtension.lowercased()) }
        if given.contains(.jpegQuality), !jpeg {
            throw SettingProblem(.jpegQuality, nil, "applies to JPEG outputs (.jpg, .jpeg) only, and no output is one")
        }
    }

    /// The output when none is given: for one input file, its name with the style's added
    /// (`photo.jpg` in `starry_night` → `photo_starry_night.jpg`, `clip.avi` → `clip_starry_night.mp4`
    /// when its container is not one videos are written in) in the current folder, which must
    /// not exist yet; several inputs or a folder need an output folder named.
    public static func defaultOutput(inputs: [String], style: String) throws -> String {
        guard inputs.count == 1, FileKind.of(inputs[0]) != .directory else {
            throw MissingSetting(.output, "several images, or a folder, need an output folder")
        }
        let name = (inputs[0] as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        var ext = (name as NSString).pathExtension
        if VideoContainer.isVideo(name), !VideoContainer.outputExtensions.contains(ext.lowercased()) { ext = "mp4" }
        let safe = style.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." ? $0 : "_" }
        let output = "\(stem)_\(String(safe))" + (ext.isEmpty ? ".png" : ".\(ext)")
        guard !FileKind.isPresent(output) else {
            throw MissingSetting(.output, "the default output, \(output), exists already")
        }
        return output
    }
}
