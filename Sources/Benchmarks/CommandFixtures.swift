import Foundation
import Imaging
import StyleTransfer

/// The files the command workloads (`startup:`, `pair:`) run faststyle on, in a temporary folder
/// removed with it: Johnson's network with random weights as a checkpoint, photographs of the
/// repository's content folder resized to the workload's size, and a cache folder of their own
/// for the convolution choices (`XDG_CACHE_HOME`), so that the user's cache neither helps nor
/// changes.
final class CommandFixtures {
    let folder: String
    let model: String
    /// The folder of the photographs (nothing else in it).
    let photoFolder: String
    let photos: [String]
    let cache: String

    init(_ runner: BenchmarkRunner, photos count: Int, width: Int, height: Int) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("faststyle-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        cache = folder + "/cache"
        photoFolder = folder + "/photos"
        try FileManager.default.createDirectory(atPath: photoFolder, withIntermediateDirectories: true)
        model = folder + "/random.h5"
        let settings = TrainingSettings()
        let network = try TransformerNet(settings: settings.network)
        network.initialize(seed: 0)
        try Checkpoint(
            settings: settings, iteration: 0, seconds: 0,
            parameters: network.parameters.map { ($0.name, $0.value.shape, $0.value.toArray()) },
            buffers: [], styleTargets: [:], optimizer: nil, history: []
        ).write(to: model)
        let sources = try FileManager.default.contentsOfDirectory(atPath: runner.photoFolder)
            .filter { $0.lowercased().hasSuffix(".jpg") }.sorted()
        guard !sources.isEmpty else { throw BenchmarkError.missingInput("photographs (.jpg) in \(runner.photoFolder)") }
        let photoFolder = photoFolder
        photos = try (0..<count).map { index in
            let photo = "\(photoFolder)/photo\(index).jpg"
            try Image(contentsOf: "\(runner.photoFolder)/\(sources[index % sources.count])")
                .resized(width: width, height: height).write(to: photo)
            return photo
        }
    }

    /// The environment of every command: this folder's cache.
    var environment: [String: String] { ["XDG_CACHE_HOME": cache] }

    /// Forgets the convolution choices measured so far.
    func emptyCache() throws {
        if FileManager.default.fileExists(atPath: cache) { try FileManager.default.removeItem(atPath: cache) }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}
