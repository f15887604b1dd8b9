import Foundation
import Platform
import StyleTransfer
import TestSupport
import XCTest

/// `kill -9` in the middle of a checkpoint write: the checkpoint on disk is always a complete,
/// readable one (the previous), the run resumes from it, and the temporary file the killed
/// process left is removed by the next run that writes there.
final class KillDuringCheckpointTests: XCTestCase {
    /// A network with wide middle layers at a small scale: its checkpoint (with Adam's moments)
    /// is about 21 MB, so writing it takes a good part of each short step.
    private static let architecture = "c3s1-8,d256,d256,u256,u8,c3s1-3"

    func testKillingACheckpointWriteLosesNothingAndTheNextRunCleansUp() throws {
        let vgg = try TestPaths.vggWeights()
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            throw TestRequirement.missing("faststyle not built")
        }
        let folder = try temporaryFolder("kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("run.h5").path
        let first = [
            "train", "--style", TinyTraining.styleFile, "--dataset", TinyTraining.contentFolder, "--checkpoint",
            checkpoint,
            "--arch", Self.architecture, "--image-size", "32", "--batch-size", "1", "--style-size", "32",
            "--iterations", "100000", "--checkpoint-every", "1", "--vgg", vgg,
        ]
        let resumed = [
            "train", "--resume", checkpoint, "--dataset", TinyTraining.contentFolder, "--checkpoint", checkpoint,
            "--vgg", vgg,
        ]

        var killedInTheMiddle = 0
        var lastIteration = 0
        var leftBehind: [String] = []
        for round in 0..<3 {
            let process = try start(round == 0 ? first : resumed)
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
            let temporary = folder.appendingPathComponent(".run.h5.tmp-\(process.processIdentifier)").path
            // A run cleans up before its first write: the files of killed runs are gone then.
            XCTAssertTrue(
                wait(60) { FileKind.isPresent(temporary) || !process.isRunning },
                "round \(round): no checkpoint write began")
            for stale in leftBehind {
                XCTAssertFalse(FileKind.isPresent(stale), "round \(round): \(stale) of a killed run is still there")
            }
            // Kill it during a later write: the moment its temporary file appears again.
            XCTAssertTrue(wait(60) { !FileKind.isPresent(temporary) || !process.isRunning })
            XCTAssertTrue(
                wait(60) { FileKind.isPresent(temporary) || !process.isRunning }, "round \(round): no second write")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal)
            if FileKind.isPresent(temporary) {
                killedInTheMiddle += 1
                leftBehind.append(temporary)
            }
            let saved = try Checkpoint.read(from: checkpoint)
            XCTAssertGreaterThanOrEqual(
                saved.iteration, max(lastIteration, 1), "round \(round): the checkpoint went back")
            XCTAssertNotNil(saved.optimizer)
            lastIteration = saved.iteration
        }
        XCTAssertGreaterThan(killedInTheMiddle, 0, "no kill landed in the middle of a write")
        print(
            "kill -9: \(killedInTheMiddle) of 3 kills landed in the middle of a checkpoint write; the checkpoint read "
                + "back each time"
        )

        // A run with nothing left to do (already at its iterations) writes nothing, and still
        // cleans up after the killed ones; a last run finishes one more step.
        let dead = folder.appendingPathComponent(".run.svg.tmp-\(try deadProcess())").path
        FileManager.default.createFile(atPath: dead, contents: Data("half a plot".utf8))
        let idle = try run(resumed + ["--iterations", "\(lastIteration)"])
        XCTAssertEqual(idle.status, 0, idle.error)
        for stale in leftBehind + [dead] {
            XCTAssertFalse(FileKind.isPresent(stale), "\(stale) of a killed run is still there")
        }
        let finish = try run(resumed + ["--iterations", "\(lastIteration + 1)"])
        XCTAssertEqual(finish.status, 0, finish.error)
        XCTAssertEqual(try Checkpoint.read(from: checkpoint).iteration, lastIteration + 1)
        let hidden = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(hidden, [], "temporary files left")
    }

    /// The PID of a process that has ended.
    private func deadProcess() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    private func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Polls `condition` every half millisecond for up to `seconds`.
    private func wait(_ seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(500)
        }
        return condition()
    }
}
