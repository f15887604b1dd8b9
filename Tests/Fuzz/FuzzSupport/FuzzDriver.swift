import CLibFuzzer
import Foundation

/// The one-input function of the running harness (libFuzzer's callback is a C function pointer,
/// which cannot capture it).
nonisolated(unsafe) private var currentHarness: (([UInt8]) -> Void)?

/// The entry of every harness executable (`Tests/Fuzz/Fuzz*`).
///
/// Built with `-D FUZZING -sanitize=fuzzer,…` (scripts/fuzz.sh), it hands the command line to
/// libFuzzer, which calls the harness with each input. In a normal build (swift build, swift
/// test) it runs the harness once on each file named on its command line, the way the
/// regression inputs are replayed without a sanitizer: a crash is a crash either way, and bad
/// input must end in a thrown error, which the harness ignores.
public enum FuzzDriver {
    public static func run(_ harness: @escaping ([UInt8]) -> Void) -> Never {
        currentHarness = harness
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(
            LLVMFuzzerRunDriver(&argc, &argv) { data, size in
                let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
                currentHarness!(bytes)
                return 0
            })
        #else
        let files = CommandLine.arguments.dropFirst()
        guard !files.isEmpty else {
            print(
                "usage: \(CommandLine.arguments[0]) FILE… (runs the harness on each file; scripts/fuzz.sh builds the "
                    + "fuzzer)"
            )
            exit(2)
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("\(file): cannot read")
                exit(1)
            }
            harness([UInt8](data))
            print("\(file): done")
        }
        exit(0)
        #endif
    }
}

/// A file the harness rewrites for each input, for the readers that take a path (HDF5 reads
/// files, not memory). One per process, in a folder of its own under $TMPDIR, removed at exit.
public final class ScratchFile: @unchecked Sendable {
    public let path: String
    private let folder: String

    /// `name` is the file's name, e.g. "input.h5" (the readers look at extensions).
    public init(name: String) {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/faststyle-fuzz-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("cannot make a scratch folder under \(base)") }
        folder = String(cString: made)
        path = folder + "/" + name
        atexit_folders.append(folder)
        if atexit_folders.count == 1 {
            atexit { for folder in atexit_folders { try? FileManager.default.removeItem(atPath: folder) } }
        }
    }

    /// Replaces the file's contents with `bytes`.
    public func write(_ bytes: [UInt8]) {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            fatalError("cannot write \(path)")
        }
    }
}

nonisolated(unsafe) private var atexit_folders: [String] = []

/// Stops the fuzzer with the message when a reader's error does not say what it is about: the
/// project's rule is one clear line naming the file (`name`) and the reason.
public func requireClearError(_ error: Error, naming name: String) {
    let text = "\(error)"
    guard !text.isEmpty, name.isEmpty || text.contains(name) else {
        fatalError("unclear error (does not name \(name)): \(String(reflecting: error)): \(text)")
    }
}
