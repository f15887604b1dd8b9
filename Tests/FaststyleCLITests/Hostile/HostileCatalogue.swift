import Foundation
import H5
import Imaging
import StyleTransfer
import TestSupport
import Video

/// Every bad input of issue 15, and more of each class: the files are generated in `folder`,
/// the cases name them. Grouped by class; each case's name says what it stands for.
struct HostileCatalogue {
    let cases: [HostileCase]
    let disk: SmallDisk

    init(folder: URL) throws {
        let files = HostileFiles(folder: folder)
        let vgg = try TestPaths.vggWeights()
        let photo = TestPaths.photograph
        let style = TinyTraining.styleFile
        let greatWave = TestPaths.repositoryFile("datasets/styles/great_wave.jpg")
        let content = TinyTraining.contentFolder
        let arch = TinyTraining.architecture
        func out(_ name: String) -> String { folder.appendingPathComponent("out").appendingPathComponent(name).path }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)

        let model = files.path("model.h5")
        try StylizeTestSupport.writeCheckpoint(architecture: arch, to: model)
        let full = try files.fullCheckpoint("full.h5")
        let small = StylizeTestSupport.picture(width: 48, height: 32)
        let smallPNG = files.path("small.png")
        try small.write(to: smallPNG)

        func info(_ path: String) -> [String] { ["info", path] }
        func stylize(_ input: String, _ output: String, _ extra: [String] = [], model: String = model) -> [String] {
            ["stylize", "--model", model, input, "-o", output] + extra
        }
        func features(_ image: String, _ output: String, _ extra: [String] = [], weights: String = vgg) -> [String] {
            ["features", "--image", image, "--layers", "relu1_2", "-o", output, "--vgg", weights] + extra
        }
        func train(
            _ checkpoint: String, _ extra: [String] = [], dataset: String = content,
            iterations: [String] = ["--iterations", "1"]
        ) -> [String] {
            [
                "train", "--style", style, "--dataset", dataset, "--checkpoint", checkpoint, "--arch", arch,
                "--image-size", "32",
                "--batch-size", "2", "--style-size", "64", "--vgg", vgg,
            ] + iterations + extra
        }
        func resume(_ checkpoint: String, _ output: String, _ extra: [String] = []) -> [String] {
            ["train", "--resume", checkpoint, "--dataset", content, "--checkpoint", output, "--vgg", vgg] + extra
        }
        func optimize(_ output: String, _ extra: [String] = []) -> [String] {
            [
                "optimize", "--content", smallPNG, "--style", smallPNG, "-o", output, "--size", "32", "--iterations",
                "1", "--vgg", vgg,
            ] + extra
        }
        func patches(_ output: String, _ extra: [String] = [], dataset: String = content) -> [String] {
            [
                "visualize", "patches", "--layer", "relu2_2", "--channels", "0-3", "--dataset", dataset, "--size", "32",
                "-o", output,
                "--vgg", vgg,
            ] + extra
        }
        func dream(_ image: String, _ output: String, _ extra: [String] = []) -> [String] {
            [
                "dream", image, "-o", output, "--size", "64", "--octaves", "1", "--iterations", "1", "--layer",
                "relu3_3", "--vgg", vgg,
            ] + extra
        }
        func neuron(_ output: String, _ extra: [String] = []) -> [String] {
            [
                "visualize", "neuron", "--layer", "relu2_2", "--size", "32", "--iterations", "1", "-o", output, "--vgg",
                vgg,
            ] + extra
        }
        func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

        var all: [HostileCase] = []
        func add(
            _ group: String, _ title: String, _ arguments: [String], _ mentions: [String], also: [String] = [],
            mustNotExist: [String] = [], fileSizeLimit: Int? = nil, timeout: TimeInterval = 90
        ) {
            var added = HostileCase(
                group: group, name: title, arguments: arguments, mentions: mentions, alsoMentions: also,
                mustNotExist: mustNotExist, fileSizeLimit: fileSizeLimit)
            added.timeout = timeout
            all.append(added)
        }

        // MARK: Values read from checkpoints, trusted as they were
        var group = "checkpoint values"
        for (title, row, problem) in [
            ("history iteration NaN", [Double.nan, 1, 1, 1, 1, 1, .nan, .nan, .nan, .nan], "iteration nan"),
            ("history iteration 1e300", [1e300, 1, 1, 1, 1, 1, .nan, .nan, .nan, .nan], "iteration 1e+300"),
            ("history iteration 2.5", [2.5, 1, 1, 1, 1, 1, .nan, .nan, .nan, .nan], "iteration 2.5"),
            ("history seconds infinite", [1, .infinity, 1, 1, 1, 1, .nan, .nan, .nan, .nan], "seconds inf"),
            ("history loss infinite", [1, 1, 1, .infinity, 1, 1, .nan, .nan, .nan, .nan], "NaN or infinite"),
            ("history half a validation", [1, 1, 1, 1, 1, 1, 1, .nan, 1, 1], "partly missing"),
        ] {
            let file = try files.checkpoint(
                "\(title.replacingOccurrences(of: " ", with: "_")).h5", from: full, historyRow: row)
            add(group, title + " (info)", info(file), [name(file), "history row 0", problem])
        }
        let nanHistory = files.path("history_iteration_NaN.h5")
        add(
            group, "history iteration NaN (resume)", resume(nanHistory, out("r1.h5")),
            [name(nanHistory), "history row 0"])
        let wideHistory = try files.checkpoint(
            "history_11_columns.h5", from: full, historyRow: [Double](repeating: 1, count: 11))
        add(group, "history of 11 columns", info(wideHistory), [name(wideHistory), "11 columns"])
        let negativeIteration = try files.checkpoint("iteration_negative.h5", from: full) {
            try $0.setAttribute("iteration", Int64(-5))
        }
        add(group, "iteration -5", resume(negativeIteration, out("r2.h5")), [name(negativeIteration), "iteration -5"])
        let hugeIteration = try files.checkpoint("iteration_huge.h5", from: full) {
            try $0.setAttribute("iteration", Int64.max)
        }
        add(group, "iteration Int64.max", info(hugeIteration), [name(hugeIteration), "iteration 9223372036854775807"])
        let hugeSeconds = try files.checkpoint("seconds_1e300.h5", from: full) { try $0.setAttribute("seconds", 1e300) }
        add(group, "seconds 1e300 (info)", info(hugeSeconds), [name(hugeSeconds), "seconds 1e+300"])
        let hugeRowSeconds = try files.checkpoint(
            "history_seconds_1e300.h5", from: full, historyRow: [1, 1e300, 1, 1, 1, 1, .nan, .nan, .nan, .nan])
        add(group, "history seconds 1e300 (info)", info(hugeRowSeconds), [name(hugeRowSeconds), "seconds 1e+300"])
        let nanSeconds = try files.checkpoint("seconds_nan.h5", from: full) {
            try $0.setAttribute("seconds", Double.nan)
        }
        add(group, "seconds NaN (info)", info(nanSeconds), [name(nanSeconds), "seconds nan"])
        for (title, old, new, problem) in [
            ("checkpointEvery 0", "\"checkpointEvery\":100", "\"checkpointEvery\":0", "checkpointEvery"),
            ("imageSize 0", "\"imageSize\":32", "\"imageSize\":0", "imageSize"),
            ("imageSize 30 for a network of multiples of 2", "\"imageSize\":32", "\"imageSize\":31", "imageSize"),
            ("batchSize 2^62", "\"batchSize\":2", "\"batchSize\":4611686018427387904", "batchSize"),
            ("iterations 2^62", "\"iterations\":2", "\"iterations\":4611686018427387904", "iterations"),
            (
                "learning-rate decay every -1", "\"learningRateDecayEvery\":0", "\"learningRateDecayEvery\":-1",
                "learningRateDecayEvery"
            ),
            ("style layer relu9_9", "\"relu4_3\"]", "\"relu9_9\"]", "relu9_9"),
            (
                "architecture with a 2^31+1 kernel", "\"description\":\"c5s1-8,", "\"description\":\"c2147483649s1-8,",
                "2147483649"
            ),
            ("architecture blocks that contradict its description", "\"kernelSize\":5", "\"kernelSize\":7", "blocks"),
            ("architecture that is not one", "\"description\":\"c5s1-8,", "\"description\":\"x5s1-8,", "x5s1-8"),
            ("training options not JSON", "{\"batchSize\"", "{{\"batchSize\"", "training_options"),
            ("training options missing a key", "\"seed\":7,", "", "seed"),
        ] {
            let file = try files.checkpoint(
                "options_\(title.split(separator: " ").joined(separator: "_")).h5", from: full,
                replacing: old, with: new)
            add(group, "training options: \(title)", resume(file, out("r3.h5")), [name(file), problem])
        }
        let stepNegative = try files.checkpoint("optimizer_step_negative.h5", from: full) {
            try $0.setAttribute("step", Int64(-1), on: "optimizer")
        }
        add(group, "optimizer step -1", resume(stepNegative, out("r4.h5")), [name(stepNegative), "step -1"])
        let fewMoments = try files.checkpoint("optimizer_short.h5", from: full) { file in
            try file.remove("optimizer/first_moment")
            try file.write([Float](repeating: 0, count: 5), shape: [5], to: "optimizer/first_moment")
        }
        add(
            group, "optimizer moments of the wrong size", resume(fewMoments, out("r5.h5")),
            [name(fewMoments), "moments have 5"])
        let negativeMoment = try files.checkpoint("optimizer_negative.h5", from: full) { file in
            let count = try file.shape(of: "optimizer/second_moment")[0]
            try file.remove("optimizer/second_moment")
            try file.write([Float](repeating: -1, count: count), shape: [count], to: "optimizer/second_moment")
        }
        add(
            group, "optimizer second moment negative", resume(negativeMoment, out("r6.h5")),
            [name(negativeMoment), "negative"])
        let badTarget = try files.checkpoint("style_target_shape.h5", from: full) { file in
            try file.remove("style/relu1_2")
            try file.write([Float](repeating: 0, count: 9), shape: [1, 3, 3], to: "style/relu1_2")
        }
        add(
            group, "style target of the wrong shape", resume(badTarget, out("r7.h5")),
            [name(badTarget), "relu1_2", "[1, 3, 3]"])
        let nanTarget = try files.checkpoint("style_target_nan.h5", from: full) { file in
            try file.remove("style/relu2_2")
            try file.write(   // an upper triangle
                [Float](repeating: .nan, count: 128 * 129 / 2), shape: [1, 128 * 129 / 2], to: "style/relu2_2")
        }
        add(group, "style target NaN", info(nanTarget), [name(nanTarget), "relu2_2", "NaN"])
        let nanParameter = try files.checkpoint("parameter_nan.h5", from: model) { file in
            let shape = try file.shape(of: "parameters/layer1.weight")
            try file.remove("parameters/layer1.weight")
            try file.write(
                [Float](repeating: .nan, count: shape.reduce(1, *)), shape: shape, to: "parameters/layer1.weight")
        }
        add(
            group, "parameter NaN", stylize(smallPNG, out("p1.png"), model: nanParameter),
            [name(nanParameter), "layer1.weight", "NaN"])
        let shapedParameter = try files.checkpoint("parameter_shape.h5", from: model) { file in
            try file.remove("parameters/layer1.weight")
            try file.write([Float](repeating: 0, count: 8), shape: [8], to: "parameters/layer1.weight")
        }
        add(
            group, "parameter of the wrong shape", stylize(smallPNG, out("p2.png"), model: shapedParameter),
            [name(shapedParameter), "layer1.weight", "shape [8]"])
        let missingParameter = try files.checkpoint("parameter_missing.h5", from: model) {
            try $0.remove("parameters/layer1.weight")
        }
        add(
            group, "parameter missing", stylize(smallPNG, out("p3.png"), model: missingParameter),
            [name(missingParameter), "layer1.weight", "missing"])
        let newer = try files.checkpoint("version_99.h5", from: model) { try $0.setAttribute("version", Int64(99)) }
        add(group, "format version 99", info(newer), [name(newer), "version 99"])
        let modelOnly = model
        add(
            group, "a model-only checkpoint resumed", resume(modelOnly, out("r8.h5")),
            [name(modelOnly), "no optimizer state"])

        // MARK: Sizes declared in HDF5 files, before any size check
        group = "HDF5 sizes"
        let hugeParameter = try files.checkpoint("parameter_2^31x2^31.h5", from: model) { file in
            try file.remove("parameters/layer1.weight")
        }
        try files.raw(hugeParameter) {
            try files.declare($0, "parameters/layer1.weight", dimensions: [1 << 31, 1 << 31])
        }
        add(
            group, "parameter declaring 2^31 x 2^31 (stylize)", stylize(smallPNG, out("h1.png"), model: hugeParameter),
            [name(hugeParameter), "needs"])
        add(group, "parameter declaring 2^31 x 2^31 (info)", info(hugeParameter), [name(hugeParameter), "needs"])
        let overflowing = try files.checkpoint("parameter_2^31x2^31x2^31.h5", from: model) {
            try $0.remove("parameters/layer1.weight")
        }
        try files.raw(overflowing) {
            try files.declare($0, "parameters/layer1.weight", dimensions: [1 << 31, 1 << 31, 1 << 31])
        }
        add(group, "parameter declaring 2^93 values (overflow)", info(overflowing), [name(overflowing), "overflows"])
        let many = try files.checkpoint("buffers_8x4GiB.h5", from: model) { _ in }
        try files.raw(many) { file in
            for index in 0..<8 { try files.declare(file, "buffers/b\(index)", dimensions: [1 << 30]) }
        }
        add(group, "eight buffers of 4 GiB each (together too much)", info(many), [name(many), "needs"])
        let hugeHistory = try files.checkpoint("history_2^40_rows.h5", from: full) { try $0.remove("history") }
        try files.raw(hugeHistory) { try files.declare($0, "history", dimensions: [1 << 40, 10]) }
        add(group, "history declaring 2^40 rows", info(hugeHistory), [name(hugeHistory), "needs"])
        let hugePack = try files.h5("pack_2^40_images.h5") { _ in }
        try files.raw(hugePack) { try files.declare($0, "images", dimensions: [1 << 40, 3, 16, 16], uint8: true) }
        add(group, "pack declaring 2^40 images", train(out("t1.h5"), dataset: hugePack), [name(hugePack), "needs"])
        let widePack = try files.h5("pack_2^31_sides.h5") { _ in }
        try files.raw(widePack) { try files.declare($0, "images", dimensions: [1, 3, 1 << 31, 1 << 31], uint8: true) }
        add(
            group, "pack declaring images of 2^31 x 2^31", train(out("t2.h5"), dataset: widePack),
            [name(widePack), "32768 pixels"])
        let hugeNames = try files.h5("pack_huge_names.h5") { file in
            try file.write([UInt8](repeating: 0, count: 3 * 16 * 16), shape: [1, 3, 16, 16], to: "images")
        }
        try files.raw(hugeNames) { try files.declare($0, "names", dimensions: [1, 1 << 40], uint8: true) }
        add(
            group, "pack names declaring 2^40 bytes", train(out("t3.h5"), dataset: hugeNames),
            [name(hugeNames), "names", "needs"])
        let floatPack = try files.h5("pack_float.h5") {
            try $0.write([Float](repeating: 0, count: 3 * 16 * 16), shape: [1, 3, 16, 16], to: "images")
        }
        add(
            group, "pack of float images", train(out("t4.h5"), dataset: floatPack), [name(floatPack), "expected uint8"])
        let flatPack = try files.h5("pack_rank2.h5") {
            try $0.write([UInt8](repeating: 0, count: 16), shape: [4, 4], to: "images")
        }
        add(group, "pack of rank 2", train(out("t5.h5"), dataset: flatPack), [name(flatPack), "N×3×H×W"])
        let namelessPack = try files.h5("pack_names_mismatch.h5") { file in
            try file.write([UInt8](repeating: 0, count: 2 * 3 * 16 * 16), shape: [2, 3, 16, 16], to: "images")
            try file.setAttribute("names", ["only one"])
        }
        add(
            group, "pack with one name for two images", train(out("t6.h5"), dataset: namelessPack),
            [name(namelessPack), "1 names for 2 images"])

        // MARK: VGG weights files
        group = "VGG weights files"
        let cycle = try files.vgg("vgg_hard_link_cycle.h5") { _ in }
        try files.raw(cycle) { try files.hardLink($0, "block1_conv1/inner", to: "/block1_conv1") }
        add(
            group, "hard-link cycle (features)", features(smallPNG, out("v1.h5"), weights: cycle),
            [name(cycle), "block1_conv1"])
        add(group, "hard-link cycle (weights verify)", ["weights", "verify", cycle], [name(cycle), "block1_conv1"])
        add(group, "hard-link cycle (weights info)", ["weights", "info", cycle], [name(cycle), "block1_conv1"])
        let deep = try files.vgg("vgg_deep_groups.h5") {
            try $0.createGroup("block1_conv1/" + Array(repeating: "g", count: 20).joined(separator: "/"))
        }
        add(
            group, "groups nested 20 deep", features(smallPNG, out("v2.h5"), weights: deep),
            [name(deep), "nested more than"])
        let nanWeights = try files.vggFirstLayer("vgg_nan.h5", value: .nan)
        add(
            group, "NaN weights (features)", features(smallPNG, out("v3.h5"), weights: nanWeights),
            [name(nanWeights), "NaN"])
        let infiniteWeights = try files.vggFirstLayer("vgg_infinite.h5", value: .infinity)
        add(
            group, "infinite weights (optimize)", optimize(out("v4.png"), ["--vgg", infiniteWeights]),
            [name(infiniteWeights), "NaN or infinite"])
        let doubleWeights = try files.vgg("vgg_float64.h5") { file in
            try file.write(
                [Double](repeating: 0, count: 3 * 3 * 3 * 64), shape: [3, 3, 3, 64],
                to: "block1_conv1/block1_conv1_W_1:0")
            try file.write([Double](repeating: 0, count: 64), shape: [64], to: "block1_conv1/block1_conv1_b_1:0")
        }
        add(
            group, "float64 weights", features(smallPNG, out("v5.h5"), weights: doubleWeights),
            [name(doubleWeights), "expected float32"])
        let lyingKernel = try files.vgg("vgg_lying_kernel.h5") { _ in }
        try files.raw(lyingKernel) { file in
            try files.declare(file, "block1_conv1/block1_conv1_W_1:0", dimensions: [3, 3, 3, 1 << 40])
            try files.declare(file, "block1_conv1/block1_conv1_b_1:0", dimensions: [1 << 40])
        }
        add(
            group, "kernel declaring 2^40 output channels", features(smallPNG, out("v6.h5"), weights: lyingKernel),
            [name(lyingKernel), "shape"])
        let pipeTarget = files.fifo("pipe_target.h5")
        let external = try files.vgg("vgg_external_link.h5") { _ in }
        try files.raw(external) {
            try files.externalLink($0, "block1_conv1/block1_conv1_W_1:0", toFile: pipeTarget, object: "/x")
        }
        add(
            group, "external link to a named pipe", features(smallPNG, out("v7.h5"), weights: external),
            [name(external), "external link"])
        let truncatedVGG = try files.truncated(vgg, fraction: 0.5, name: "vgg_truncated.h5")
        add(group, "truncated weights", features(smallPNG, out("v8.h5"), weights: truncatedVGG), [name(truncatedVGG)])
        add(
            group, "weights that are a named pipe",
            features(smallPNG, out("v9.h5"), weights: files.fifo("vgg_pipe.h5")), ["vgg_pipe.h5", "named pipe"])
        add(
            group, "weights that are /dev/zero", features(smallPNG, out("v10.h5"), weights: "/dev/zero"),
            ["/dev/zero", "character device"])
        add(group, "a checkpoint given as weights", features(smallPNG, out("v11.h5"), weights: model), [name(model)])

        // MARK: ONNX models
        group = "ONNX models"
        let onnx = TestPaths.fixture("examples_opset17.onnx", of: "ONNXTests")
        let truncatedONNX = try files.truncated(onnx, fraction: 0.5, name: "truncated.onnx")
        add(
            group, "truncated ONNX (stylize)", stylize(smallPNG, out("x1.png"), model: truncatedONNX),
            [name(truncatedONNX), "truncated"])
        add(
            group, "truncated ONNX (import)", ["import", truncatedONNX, "-o", out("x2.h5")],
            [name(truncatedONNX), "truncated"],
            mustNotExist: [out("x2.h5")])
        add(
            group, "ONNX that is a named pipe", ["import", files.fifo("pipe.onnx"), "-o", out("x3.h5")],
            ["pipe.onnx", "named pipe"])
        let zeroONNX = try files.link("zero.onnx", to: "/dev/zero")
        add(group, "ONNX that is /dev/zero", ["info", zeroONNX], ["zero.onnx", "character device"])
        add(
            group, "a PNG named .onnx",
            stylize(smallPNG, out("x4.png"), model: try files.truncated(smallPNG, fraction: 1, name: "picture.onnx")),
            ["picture.onnx", "not an ONNX model"])
        add(
            group, "a classifier",
            ["import", TestPaths.fixture("classifier.onnx", of: "ONNXTests"), "-o", out("x5.h5")],
            ["classifier.onnx", "not an RGB image"])
        add(
            group, "an unsupported op",
            ["export", TestPaths.fixture("leaky_relu.onnx", of: "ONNXTests"), "-o", out("x6.onnx")],
            ["leaky_relu.onnx", "LeakyRelu"])
        add(group, "an ONNX model as the VGG weights", features(smallPNG, out("x7.h5"), weights: onnx), [name(onnx)])
        add(group, "export -o of no known kind", ["export", model, "-o", out("x8.png")], ["x8.png", ".onnx"])
        add(group, "export -o a folder", ["export", model, "-o", out("a_folder.h5")], ["a_folder.h5", "directory"])

        // MARK: Images and folders
        group = "images"
        let empty = files.write([], to: "empty.png")
        add(group, "empty file", stylize(empty, out("i1.png")), [name(empty), "empty"])
        let text = files.write(Array("just some notes\n".utf8), to: "notes.png")
        add(group, "text named .png", stylize(text, out("i2.png")), [name(text), "not a PNG or JPEG"])
        let gif = files.write(Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0], to: "animation.jpg")
        add(group, "GIF named .jpg", features(gif, out("i3.h5")), [name(gif), "not a PNG or JPEG"])
        let halfPNG = try files.truncated(smallPNG, fraction: 0.5, name: "truncated.png")
        add(group, "truncated PNG", stylize(halfPNG, out("i4.png")), [name(halfPNG), "truncated"])
        let halfJPEG = try files.truncated(photo, fraction: 0.5, name: "truncated.jpg")
        add(group, "truncated JPEG", stylize(halfJPEG, out("i5.png")), [name(halfJPEG), "truncated"])
        let soi = files.write([0xFF, 0xD8], to: "soi_only.jpg")
        add(group, "JPEG start-of-image marker only", stylize(soi, out("i6.png")), [name(soi), "truncated JPEG"])
        let bomb = files.png(width: 100_000, height: 100_000, rows: 1, name: "bomb.png")
        add(group, "PNG declaring 100000 x 100000", stylize(bomb, out("i7.png")), [name(bomb), "pixel limit"])
        add(
            group, "PNG declaring 100000 x 100000 with the pixel limit raised",
            stylize(bomb, out("i21.png"), ["--max-pixels", "\(Int.max)"]),
            [name(bomb), "decoding 100000×100000 pixels needs"])
        let bigJPEG = try files.jpeg(declaring: 60000, 60000, name: "declares_60000.jpg")
        add(group, "JPEG declaring 60000 x 60000", features(bigJPEG, out("i8.h5")), [name(bigJPEG), "pixel limit"])
        let megapixels81 = files.png(width: 9000, height: 9000, name: "81_megapixels.png")
        add(
            group, "81-megapixel PNG into features", features(megapixels81, out("i9.h5")),
            [name(megapixels81), "needs", "available"])
        let pipe = files.fifo("pipe.png")
        add(group, "named pipe as an image (stylize)", stylize(pipe, out("i10.png")), [name(pipe), "named pipe"])
        add(group, "named pipe as an image (features)", features(pipe, out("i11.h5")), [name(pipe), "named pipe"])
        add(
            group, "named pipe as the style (train)", train(out("i12.h5")).replacingValue(of: "--style", with: pipe),
            [name(pipe), "named pipe"])
        add(group, "/dev/zero as an image", stylize("/dev/zero", out("i13.png")), ["/dev/zero", "character device"])
        let loop = try files.link("loop.png", to: "loop.png")
        add(group, "symbolic link loop as an image", stylize(loop, out("i14.png")), [name(loop), "symbolic link loop"])
        let dangling = try files.link("dangling.png", to: "nowhere.png")
        add(
            group, "dangling symbolic link as an image", features(dangling, out("i15.h5")),
            [name(dangling), "missing file"])
        try FileManager.default.createDirectory(atPath: files.path("folder.png"), withIntermediateDirectories: true)
        add(
            group, "folder named .png as an image", features(files.path("folder.png"), out("i16.h5")),
            ["folder.png", "directory"])
        let latin1 = try files.nonUTF8Name(in: "latin1", prefix: "caf", suffix: ".png", copying: smallPNG)
        // é in an argument is passed as its Latin-1 byte (see `HostileRun`): the name on disk.
        add(
            group, "non-UTF-8 file name on the command line",
            stylize(files.path("latin1") + "/caf\u{E9}.png", out("i17.png")),
            [latin1, "not valid UTF-8"])
        add(
            group, "non-UTF-8 file name in a folder (stylize)", stylize(files.path("latin1"), out("i18")),
            [latin1, "not valid UTF-8"])
        let loops = folder.appendingPathComponent("loops")
        try FileManager.default.createDirectory(
            at: loops.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: loops.appendingPathComponent("a.jpg").path, withDestinationPath: "a.jpg")
        try FileManager.default.createSymbolicLink(
            atPath: loops.appendingPathComponent("sub/up").path, withDestinationPath: "..")
        _ = try files.nonUTF8Name(in: "loops", prefix: "b", suffix: ".jpg", copying: photo)
        add(
            group, "dataset folder of a link loop and a non-UTF-8 name (train)",
            train(out("i19.h5"), dataset: loops.path),
            ["none of the 2 images"], also: ["a.jpg", "symbolic link loop", "b\\xE9.jpg", "not valid UTF-8"])
        add(
            group, "dataset folder of a link loop and a non-UTF-8 name (visualize patches)",
            patches(out("i22.png"), dataset: loops.path),
            ["none of the 2 images"], also: ["a.jpg", "symbolic link loop", "b\\xE9.jpg", "not valid UTF-8"])
        add(group, "missing image", stylize(files.path("absent.jpg"), out("i20.png")), ["absent.jpg", "no such file"])

        // MARK: Videos
        group = "videos"
        let clip = TestPaths.repositoryFile("datasets/video/desk.mp4")
        let truncatedMP4 = try files.truncated(clip, fraction: 0.6, name: "truncated.mp4")
        add(
            group, "truncated MP4 (index at the end)", stylize(truncatedMP4, out("vd1.mp4")),
            [name(truncatedMP4), "truncated or corrupt"],
            mustNotExist: [out("vd1.mp4")])
        // Matroska written as it streams: its header is whole, its frames stop half-way. This case
        // and the next stylize at 96 px: the decoder meets the damage all the same, and the test
        // network's narrow layers run oneDNN's reference kernel on AVX-512 (14 s and 8 s at full size).
        let streamed = files.path("streamed.mkv")
        _ = try VideoTranscoding.run(
            try VideoReader(path: clip), to: streamed, naming: streamed, encoding: VideoEncoding(codec: .h264)
        ) { $0.image }
        let truncatedMKV = try files.truncated(streamed, fraction: 0.5, name: "truncated.mkv")
        add(
            group, "truncated Matroska (header whole)", stylize(truncatedMKV, out("vd2.mp4"), ["--size", "96"]),
            [name(truncatedMKV), "truncated"],
            mustNotExist: [out("vd2.mp4")])
        var corruptBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: clip)))
        for i in stride(from: corruptBytes.count / 3, to: corruptBytes.count * 2 / 3, by: 7) { corruptBytes[i] ^= 0x5A }
        let corrupt = files.write(corruptBytes, to: "corrupt.mp4")
        add(
            group, "frames corrupted in the middle", stylize(corrupt, out("vd3.mp4"), ["--size", "96"]),
            [name(corrupt), "corrupt"], mustNotExist: [out("vd3.mp4")])
        // One second of silence as WAV, named as a video.
        let samples = 8000
        var wav =
            Array("RIFF".utf8) + le32(36 + 2 * samples) + Array("WAVEfmt ".utf8) + le32(16) + [1, 0, 1, 0] + le32(8000)
            + le32(16000)
        wav += [2, 0, 16, 0] + Array("data".utf8) + le32(2 * samples) + [UInt8](repeating: 0, count: 2 * samples)
        let audioOnly = files.write(wav, to: "audio_only.mp4")
        add(
            group, "audio only, no video stream", stylize(audioOnly, out("vd4.mp4")),
            [name(audioOnly), "no video stream"])
        let notVideo = files.write(Array("just some notes\n".utf8), to: "notes.mov")
        add(
            group, "text named .mov", stylize(notVideo, out("vd5.mp4")),
            [name(notVideo), "not a video FFmpeg can read"])
        let giant = files.write(
            Array("YUV4MPEG2 W40000 H40000 F25:1 Ip A1:1 C420jpeg\nFRAME\n".utf8)
                + [UInt8](repeating: 128, count: 4096),
            to: "giant.y4m")
        // FFmpeg refuses frames of more than about 2^28 pixels itself.
        add(
            group, "frames declaring 40000 x 40000", stylize(giant, out("vd6.mp4")),
            [name(giant), "not a video FFmpeg can read"])
        let large = files.write(
            Array("YUV4MPEG2 W30000 H8000 F25:1 Ip A1:1 C420jpeg\nFRAME\n".utf8) + [UInt8](repeating: 128, count: 4096),
            to: "large.y4m")
        add(group, "frames of 30000 x 8000 (beyond memory)", stylize(large, out("vd7.mp4")), [name(large), "needs"])
        let existing = files.write(Array("an earlier video".utf8), to: "existing.mp4")
        add(group, "an output that exists", stylize(clip, existing), [name(existing), "--overwrite"])
        let own = try files.truncated(clip, fraction: 1, name: "own.mp4")
        add(group, "the output is the input", stylize(own, own, ["--overwrite"]), [name(own), "input"])
        add(group, "a video into an image", stylize(clip, out("vd8.png")), ["vd8.png", "video file"])
        add(
            group, "a video with an image", ["stylize", "--model", model, clip, smallPNG, "-o", out("vd9")],
            ["desk.mp4", "alone"])
        add(group, "--crf 99", stylize(clip, out("vd10.mp4"), ["--crf", "99"]), ["--crf", "99"])
        add(
            group, "--temporal-weight 2", stylize(clip, out("vd11.mp4"), ["--temporal-weight", "2"]),
            ["--temporal-weight", "2"])
        add(
            group, "H.264 into WebM", stylize(clip, out("vd12.webm"), ["--codec", "h264", "--no-temporal"]),
            ["vd12.webm", "h264"])
        // A file-size limit that the video reaches part-way, whatever the disk (a 36-frame 320x240
        // clip from a tiny network is 20-40 kB; the limit must be below the smallest). Not a
        // hang but slow: on AVX-512 the tiny network's stride-2 convolution from 8 channels runs
        // oneDNN's reference kernel (a debug build took 107-137 s on a busy Ice Lake Xeon).
        add(
            group, "the disk fills half-way through", stylize(clip, out("vd13.mp4"), ["--no-temporal"]),
            ["vd13.mp4", "File too large"],
            mustNotExist: [out("vd13.mp4")], fileSizeLimit: 16_000, timeout: 300)

        // MARK: Absurd arguments
        group = "arguments"
        let nearMax = "9223372036854775000"
        add(
            group, "train --batch-size near Int.max", train(out("a1.h5"), ["--batch-size", nearMax]),
            ["--batch-size", nearMax])
        add(
            group, "stylize --batch-size near Int.max", stylize(smallPNG, out("a2.png"), ["--batch-size", nearMax]),
            ["--batch-size"])
        add(
            group, "--threads 100000", stylize(smallPNG, out("a3.png"), ["--threads", "100000"]),
            ["--threads", "100000"])
        add(group, "--threads -1", train(out("a4.h5"), ["--threads", "-1"]), ["--threads", "-1"])
        add(group, "--epochs inf", train(out("a5.h5"), ["--epochs", "inf"], iterations: []), ["--epochs", "inf"])
        add(group, "--epochs nan", train(out("a6.h5"), ["--epochs", "nan"], iterations: []), ["--epochs", "nan"])
        add(group, "--epochs 1e300", train(out("a7.h5"), ["--epochs", "1e300"], iterations: []), ["--epochs"])
        add(
            group, "train --iterations near Int.max", train(out("a8.h5"), ["--iterations", nearMax]),
            ["--iterations", nearMax])
        add(
            group, "optimize --iterations near Int.max", optimize(out("a9.png"), ["--iterations", nearMax]),
            ["--iterations"])
        add(
            group, "resume --iterations near Int.max", resume(full, out("a10.h5"), ["--iterations", nearMax]),
            ["--iterations"])
        add(
            group, "features --size 1000000000", features(smallPNG, out("a11.h5"), ["--size", "1000000000"]),
            ["--size", "1000000000"])
        add(
            group, "features --size 30000 (hundreds of GiB)", features(smallPNG, out("a12.h5"), ["--size", "30000"]),
            ["--size 30000", "needs"])
        add(
            group, "stylize --size 32768", stylize(smallPNG, out("a13.png"), ["--size", "32768"]),
            ["--size 32768", "needs"])
        add(
            group, "train --image-size 100000", train(out("a14.h5"), ["--image-size", "100000"]),
            ["--image-size", "100000"])
        add(
            group, "train --image-size 30000", train(out("a15.h5"), ["--image-size", "30000"]),
            ["--image-size 30000", "needs"])
        add(
            group, "train --style-size 32768 (the style's Gram targets)",
            train(out("a16.h5"), ["--style-size", "32768"]),
            ["--style-size 32768", "needs"])
        add(
            group, "a huge --arch", train(out("a17.h5"), ["--arch", "c4095s1-4096,c3s1-3", "--image-size", "4096"]),
            ["--arch", "needs"])
        add(
            group, "negative --size (features)", features(smallPNG, out("a18.h5"), ["--size", "-5"]), ["--size", "-5"])
        add(group, "negative --size (stylize)", stylize(smallPNG, out("a19.png"), ["--size", "-5"]), ["--size", "-5"])
        add(group, "negative --image-size", train(out("a20.h5"), ["--image-size", "-1"]), ["--image-size", "-1"])
        add(group, "malformed --arch c-3s1-3", train(out("a21.h5"), ["--arch", "c-3s1-3"]), ["--arch", "c-3s1-3"])
        add(group, "malformed --arch c+3s1-3", train(out("a22.h5"), ["--arch", "c+3s1-3"]), ["--arch", "c+3s1-3"])
        add(
            group, "--arch whose residual block changes width", train(out("a23.h5"), ["--arch", "c3s1-8,R16,c3s1-3"]),
            ["--arch", "R16"])
        add(
            group, "--arch whose output is half the input",
            train(out("a45.h5"), ["--arch", "c3s1-8,d16,d16,u8,c3s1-3"]), ["--arch", "1/2"])
        add(group, "empty --arch", train(out("a24.h5"), ["--arch", ""]), ["--arch"])
        add(
            group, "mistyped --arch preset", train(out("a46.h5"), ["--arch", "lite"]),
            ["--arch", "lite", "johnson, light"])
        add(
            group, "--style-shares of 0",
            train(out("a47.h5"), ["--style", greatWave, "--style-shares", "great_wave=0"]),
            ["--style-shares", "great_wave=0", "from 1 to 100"])
        add(
            group, "--style-shares naming no style of the run",
            train(out("a48.h5"), ["--style", greatWave, "--style-shares", "monet=2"]),
            ["--style-shares", "monet", "starry_night, great_wave"])
        add(
            group, "--style-shares for one style", train(out("a49.h5"), ["--style-shares", "starry_night=2"]),
            ["--style-shares", "several styles"])
        add(
            group, "--image-size that the network cannot take", train(out("a25.h5"), ["--image-size", "33"]),
            ["--image-size", "33"])
        add(
            group, "--lr-decay-factor nan", train(out("a26.h5"), ["--lr-decay-factor", "nan"]),
            ["--lr-decay-factor", "nan"])
        add(
            group, "--learning-rate inf", train(out("a27.h5"), ["--learning-rate", "inf"]), ["--learning-rate", "inf"])
        add(
            group, "--checkpoint-every 0", train(out("a28.h5"), ["--checkpoint-every", "0"]),
            ["--checkpoint-every", "0"])
        add(
            group, "--max-pixels -1", stylize(smallPNG, out("a29.png"), ["--max-pixels", "-1"]), ["--max-pixels", "-1"])
        add(group, "--strength nan", stylize(smallPNG, out("a30.png"), ["--strength", "nan"]), ["--strength", "nan"])
        add(group, "--quality 1000", stylize(smallPNG, out("a31.jpg"), ["--quality", "1000"]), ["--quality", "1000"])
        add(
            group, "--tile 99999999", stylize(smallPNG, out("a32.png"), ["--tile", "99999999"]), ["--tile", "99999999"])
        add(
            group, "--max-untiled-pixels Int.max",
            stylize(smallPNG, out("a33.png"), ["--max-untiled-pixels", "\(Int.max)"]),
            ["--max-untiled-pixels"])
        add(
            group, "optimize --style-scale inf", optimize(out("a34.png"), ["--style-scale", "inf"]),
            ["--style-scale", "inf"])
        add(group, "optimize --size 100000", optimize(out("a35.png"), ["--size", "100000"]), ["--size", "100000"])
        add(
            group, "compare --size 0",
            ["compare", "--model", full, "--content", smallPNG, "-o", out("a36"), "--size", "0", "--vgg", vgg],
            ["--size", "0"])
        add(
            group, "dataset pack --size 100000", ["dataset", "pack", content, "-o", out("a37.h5"), "--size", "100000"],
            ["--size", "100000"])
        add(
            group, "dataset pack --compression-level 99",
            ["dataset", "pack", content, "-o", out("a38.h5"), "--compression-level", "99"],
            ["--compression-level", "99"])
        add(group, "--seed -1", train(out("a39.h5"), ["--seed", "-1"]), ["--seed", "-1"])
        add(
            group, "visualize patches --size 32768", patches(out("a46.png"), ["--size", "32768"]),
            ["--size 32768", "needs"])
        add(
            group, "visualize patches --channels beyond Int",
            patches(out("a47.png"), ["--channels", "0-99999999999999999999"]),
            ["--channels", "0-99999999999999999999"])
        add(
            group, "visualize patches --top near Int.max", patches(out("a48.png"), ["--top", nearMax]),
            ["--top", nearMax])
        add(group, "dream --size 32768", dream(photo, out("a49.png"), ["--size", "32768"]), ["--size 32768", "needs"])
        add(
            group, "dream --octave-scale nan", dream(photo, out("a50.png"), ["--octave-scale", "nan"]),
            ["--octave-scale", "nan"])
        add(
            group, "dream --jitter near Int.max", dream(photo, out("a51.png"), ["--jitter", nearMax]),
            ["--jitter", nearMax])
        add(
            group, "visualize neuron --iterations near Int.max", neuron(out("a52.png"), ["--iterations", nearMax]),
            ["--iterations", nearMax])
        add(
            group, "visualize neuron --blur-sigma inf", neuron(out("a53.png"), ["--blur-sigma", "inf"]),
            ["--blur-sigma", "inf"])
        add(
            group, "visualize neuron --channels beyond Int",
            neuron(out("a54.png"), ["--channels", "0-99999999999999999999"]),
            ["--channels", "0-99999999999999999999"])
        add(group, "--size 12abc", stylize(smallPNG, out("a40.png"), ["--size", "12abc"]), ["--size", "12abc"])
        add(
            group, "--content-layers relu9_1", optimize(out("a41.png"), ["--content-layers", "relu9_1"]),
            ["--content-layers", "relu9_1"])
        add(
            group, "missing --vgg", features(smallPNG, out("a42.h5"), weights: files.path("absent_vgg.h5")),
            ["absent_vgg.h5", "weights fetch"])
        for (flag, value) in [
            ("--arch", "c5s1-16,d16,R16,u8,c5s1-3"), ("--image-size", "64"), ("--batch-size", "4"),
            ("--checkpoint-every", "1"),
            ("--style-weight", "9"),
        ] {
            add(
                group, "--resume with a different \(flag)", resume(full, out("a43.h5"), [flag, value]),
                [flag, value, "the checkpoint has"])
        }
        add(
            group, "--resume with a different --style", resume(full, out("a44.h5"), ["--style", photo]),
            ["--style", "the checkpoint has"])

        // MARK: Outputs that cannot be written, checked before any work
        group = "output paths"
        try FileManager.default.createDirectory(atPath: out("a_folder.h5"), withIntermediateDirectories: true)
        add(
            group, "--checkpoint that is a folder", train(out("a_folder.h5"), ["--iterations", "50"]),
            ["a_folder.h5", "directory"])
        let aFile = files.write(Array("a file".utf8), to: "a_file")
        add(group, "--checkpoint inside a file", train(aFile + "/run.h5"), ["run.h5", "a_file"])
        add(group, "features -o a folder", features(smallPNG, out("a_folder.h5")), ["a_folder.h5", "directory"])
        add(
            group, "stylize -o /dev/null (never replaced)", stylize(smallPNG, "/dev/null"),
            ["/dev/null", "character device"])
        add(
            group, "optimize -o in a missing folder", optimize(files.path("no/such/folder/o.png")),
            ["o.png", "does not exist"])
        add(group, "visualize patches -o a folder", patches(files.path("folder.png")), ["folder.png", "directory"])
        add(group, "dream -o a folder", dream(photo, files.path("folder.png")), ["folder.png", "directory"])
        add(
            group, "visualize filters -o a folder",
            ["visualize", "filters", "-o", files.path("folder.png"), "--vgg", vgg],
            ["folder.png", "directory"])
        add(
            group, "dataset pack -o a folder", ["dataset", "pack", content, "-o", out("a_folder.h5"), "--size", "16"],
            ["a_folder.h5", "directory"])
        add(
            group, "compare -o a file",
            [
                "compare", "--model", full, "--content", smallPNG, "-o", aFile, "--size", "32", "--iterations", "1",
                "--vgg", vgg,
            ], ["a_file", "output folder"])

        // MARK: Full and read-only disks
        group = "full disk"
        let existingPNG = try small.encodedPNG()
        let disk = try SmallDisk(
            in: folder.appendingPathComponent("disk"),
            existing: [
                "existing.png": Data(existingPNG), "run.h5": try Data(contentsOf: URL(fileURLWithPath: full)),
            ])
        func onFull(_ name: String) -> String { disk.full.appendingPathComponent(name).path }
        func onReadOnly(_ name: String) -> String { disk.readOnly.appendingPathComponent(name).path }
        let limit = disk.fileSizeLimit, reason = disk.fullReason
        add(
            group, "stylize a video to a full disk", stylize(clip, onFull("v.mp4"), ["--no-temporal"]),
            ["v.mp4", reason],
            mustNotExist: [onFull("v.mp4")], fileSizeLimit: limit)
        add(
            group, "stylize to a full disk", stylize(photo, onFull("new.png")), ["new.png", reason],
            mustNotExist: [onFull("new.png")],
            fileSizeLimit: limit)
        add(
            group, "stylize over an existing file on a full disk", stylize(photo, onFull("existing.png")),
            ["existing.png", reason],
            fileSizeLimit: limit)
        add(
            group, "features to a full disk", features(smallPNG, onFull("f.h5")), ["f.h5", reason],
            mustNotExist: [onFull("f.h5")],
            fileSizeLimit: limit)
        add(
            group, "the first checkpoint on a full disk", train(onFull("new.h5")), ["new.h5", reason],
            mustNotExist: [onFull("new.h5")],
            fileSizeLimit: limit)
        add(
            group, "a checkpoint over the previous one on a full disk",
            resume(onFull("run.h5"), onFull("run.h5"), ["--iterations", "2"]),
            ["run.h5", reason], fileSizeLimit: limit)
        add(
            group, "dataset pack to a full disk", ["dataset", "pack", content, "-o", onFull("p.h5"), "--size", "16"],
            ["p.h5"],
            mustNotExist: [onFull("p.h5")], fileSizeLimit: limit)
        add(
            group, "export to a full disk", ["export", full, "-o", onFull("m.onnx")], ["m.onnx", reason],
            mustNotExist: [onFull("m.onnx")],
            fileSizeLimit: limit)
        add(
            group, "import to a full disk", ["import", onnx, "-o", onFull("m.h5")], ["m.h5", reason],
            mustNotExist: [onFull("m.h5")],
            fileSizeLimit: limit)
        add(
            group, "optimize to a full disk", optimize(onFull("o.png")), ["o.png", reason],
            mustNotExist: [onFull("o.png")], fileSizeLimit: limit)
        add(
            group, "compare to a full disk",
            [
                "compare", "--model", full, "--content", smallPNG, "-o", onFull("cmp"), "--size", "32",
                "--iterations", "1", "--vgg", vgg,
            ], ["cmp"], fileSizeLimit: limit)
        // A grid of 64 × 12 patches from 6 photographs, a 5.7 MB PNG.
        add(
            group, "visualize patches to a full disk",
            patches(
                onFull("g.png"), ["--channels", "0-63", "--top", "12", "--per-image", "2"],
                dataset: TestPaths.repositoryFile("datasets/val")),
            ["g.png", reason], mustNotExist: [onFull("g.png")], fileSizeLimit: limit)
        add(
            group, "dream to a full disk", dream(photo, onFull("d.png"), ["--size", "512"]), ["d.png", reason],
            mustNotExist: [onFull("d.png")], fileSizeLimit: limit)
        group = "read-only disk"
        let ro = disk.readOnlyReason
        add(group, "stylize to a read-only folder", stylize(smallPNG, onReadOnly("new.png")), ["new.png", ro])
        add(
            group, "stylize over an existing file in a read-only folder", stylize(smallPNG, onReadOnly("existing.png")),
            ["existing.png", ro])
        add(group, "features to a read-only folder", features(smallPNG, onReadOnly("f.h5")), ["f.h5", ro])
        add(
            group, "train into a read-only folder (before any step)",
            train(onReadOnly("run.h5"), ["--iterations", "100000"]), ["run.h5", ro])
        add(group, "visualize patches to a read-only folder", patches(onReadOnly("g.png")), ["g.png", ro])
        add(group, "visualize neuron to a read-only folder", neuron(onReadOnly("n.png")), ["n.png", ro])
        add(
            group, "dataset pack to a read-only folder",
            ["dataset", "pack", content, "-o", onReadOnly("p.h5"), "--size", "16"], ["p.h5", ro])
        add(
            group, "stylize a folder into a read-only folder", stylize(files.path("latin1"), onReadOnly("sub")),
            ["sub", ro])

        // MARK: What a careless user does: a finished run, an input or a result must survive a slip
        group = "careless user"
        let finished = files.path("finished.h5")
        try FileManager.default.copyItem(atPath: full, toPath: finished)
        for sidecar in ["finished.csv", "finished.svg"] {
            try Data("an earlier run's \(sidecar)\n".utf8).write(to: URL(fileURLWithPath: files.path(sidecar)))
        }
        add(
            group, "a new run over a finished checkpoint", train(finished),
            [name(finished), "already", "--overwrite", "--resume"])
        for sidecar in ["orphan.csv", "orphan.svg"] {
            try Data("an earlier run's \(sidecar)\n".utf8).write(to: URL(fileURLWithPath: files.path(sidecar)))
        }
        add(
            group, "a new run whose history and plot exist", train(files.path("orphan.h5")),
            ["orphan.csv", "--overwrite"],
            mustNotExist: [files.path("orphan.h5")])
        add(
            group, "a resumed run into another finished checkpoint", resume(full, finished, ["--iterations", "2"]),
            [name(finished), "already", "--overwrite"])
        add(
            group, "optimize to an output without an extension", optimize(out("o")), ["-o", "o", ".png"],
            mustNotExist: [out("o")])
        add(
            group, "dream to an output without an extension", dream(photo, out("dreamnoext")),
            ["-o", "dreamnoext", ".png"],
            mustNotExist: [out("dreamnoext")])
        add(
            group, "optimize over its earlier report", optimize(files.path("finished.png")),
            ["finished.json", "--overwrite"])
        try Data("{}".utf8).write(to: URL(fileURLWithPath: files.path("finished.json")))
        add(
            group, "stylize one photo to a name without an extension", stylize(photo, out("noext")),
            ["-o", "noext", ".png"],
            mustNotExist: [out("noext")])
        add(
            group, "stylize one photo to .png", stylize(photo, out(".png")), ["-o", ".png", "names no file"],
            mustNotExist: [out(".png")])
        add(group, "stylize a photo onto itself", stylize(smallPNG, smallPNG), ["-o", name(smallPNG), "is an input"])
        add(
            group, "stylize a folder into itself", stylize(files.path("latin1"), files.path("latin1")),
            ["-o", "latin1", "is an input"])
        let earlier = folder.appendingPathComponent("earlier")
        try FileManager.default.createDirectory(at: earlier, withIntermediateDirectories: true)
        try small.write(to: earlier.appendingPathComponent("small.png").path)
        add(
            group, "stylize into a folder holding an earlier result", stylize(smallPNG, earlier.path + "/"),
            ["small.png", "--overwrite"])
        add(
            group, "stylize with --quality to a PNG", stylize(smallPNG, out("q.png"), ["--quality", "50"]),
            ["--quality", "JPEG"],
            mustNotExist: [out("q.png")])
        add(
            group, "a painting given as the model", stylize(smallPNG, out("m.png"), model: style),
            [name(style), "JPEG image, not a network"])
        add(group, "a photograph given to info", info(smallPNG), [name(smallPNG), "PNG image, not a network"])
        add(group, "a mistyped command", ["stylise", smallPNG], ["'stylise'", "did you mean 'stylize'"])

        self.cases = all
        self.disk = disk
    }
}

/// `value` as 4 little-endian bytes (WAV headers).
private func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

private extension Array where Element == String {
    /// The arguments with the value after `flag` replaced.
    func replacingValue(of flag: String, with value: String) -> [String] {
        var copy = self
        if let index = copy.firstIndex(of: flag), index + 1 < copy.count { copy[index + 1] = value }
        return copy
    }
}
