import Foundation
import Imaging
import StyleTransfer

/// One image to stylize: where it is read, where the result goes, and its name in messages.
struct StylizeJob: Equatable {
    let input: String
    let output: String
    let name: String
}

/// Maps `stylize`'s INPUT arguments and `-o OUT` to jobs. Inputs are image files or folders
/// (searched recursively for .png, .jpg, .jpeg). One input file and an OUT with an image
/// extension: OUT is the output file. Otherwise OUT is a folder (created if needed) receiving
/// each image under its own name (folders keep their inner structure), in its own format.
enum StylizeJobs {
    static func make(inputs: [String], output: String, readOptions: ImageReadOptions = .init()) throws -> [StylizeJob] {
        var sources: [(path: String, relative: String)] = []
        var givenFolder = false
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw CommandError("\(input): no such file or folder")
            }
            if isDirectory.boolValue {
                givenFolder = true
                let folder: ImageFolder
                do {
                    folder = try ImageFolder(path: input, options: readOptions)
                } catch {
                    throw CommandError("\(error)")
                }
                sources += (0..<folder.count).map { (folder.filePath(at: $0), folder.name(at: $0)) }
            } else {
                sources.append((input, (input as NSString).lastPathComponent))
            }
        }
        let outputExtension = (output as NSString).pathExtension.lowercased()
        var isDirectory: ObjCBool = false
        let outputIsFolder = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) && isDirectory.boolValue
        if !outputIsFolder, !outputExtension.isEmpty {
            guard ImageFolder.imageExtensions.contains(outputExtension) else {
                throw CommandError(ImageError.unsupportedOutputExtension(path: output).description
                                   + " (or give a folder for several images)")
            }
            guard sources.count == 1, !givenFolder else {
                throw CommandError("-o \(output): \(sources.count) input images need an output folder, not one image file")
            }
            return [StylizeJob(input: sources[0].path, output: output, name: sources[0].relative)]
        }
        let jobs = sources.map { source in
            StylizeJob(input: source.path, output: URL(fileURLWithPath: output).appendingPathComponent(source.relative).path,
                       name: source.relative)
        }
        var seen: [String: String] = [:]
        for job in jobs {
            if let other = seen[job.output] {
                throw CommandError("\(other) and \(job.input) would both be written to \(job.output); stylize them into different folders")
            }
            seen[job.output] = job.input
        }
        return jobs
    }
}
