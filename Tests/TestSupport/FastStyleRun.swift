import Foundation
import XCTest

/// Running the built `faststyle` executable from any test class.
extension XCTestCase {
    public struct FastStyleRun {
        public var status: Int32
        public var output: String
        public var error: String
    }

    /// The faststyle binary built beside the test bundle.
    public static var executable: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0])
        while !url.path.hasSuffix(".xctest"), url.path != "/" { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().appendingPathComponent("faststyle")
    }

    /// Runs faststyle with `arguments`, and `environment` added to this process's, in `directory`
    /// (default: the repository).
    public func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws
        -> FastStyleRun
    {
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            throw TestRequirement.missing("faststyle not built at \(Self.executable.path)")
        }
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory ?? TestPaths.repositoryRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile(),
            error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(
            process.terminationReason, .exit,
            "faststyle \(arguments) crashed: \(String(decoding: error, as: UTF8.self))")
        return FastStyleRun(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            error: String(decoding: error, as: UTF8.self))
    }

    /// Fails unless the run exited non-zero with every fragment in its message.
    public func assertFails(
        _ arguments: [String], mentioning fragments: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let result = try run(arguments)
        XCTAssertNotEqual(result.status, 0, "faststyle \(arguments) succeeded", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(
                result.error.contains(fragment), "message for \(arguments) lacks '\(fragment)': \(result.error)",
                file: file, line: line)
        }
    }
}
