import Foundation
import StyleTransfer
import TestSupport
import XCTest

/// `mpirun -np 2 faststyle train`: two processes train one network as one process does, on
/// tiny crops and a tiny network (seconds per run). The convolutions are pinned to direct fp32
/// so that both sides compute the same thing; what differs is the order of the float sums.
///
/// At the default learning rate (10⁻³) four steps stay within 2·10⁻⁶ of one process. At 10⁻²
/// they do not, and neither do two runs of one process on 1 and 2 threads (up to 8·10⁻³ apart
/// after 4 steps, measured): Adam divides each gradient by its own magnitude, so the rounding of
/// small entries, and ReLU and max-pooling decisions flipped by it, grow into steps of size lr.
final class DistributedTrainingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("mpi")
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A new tiny run of `iterations` steps writing `checkpoint`, with `more` options.
    private func training(_ checkpoint: String, iterations: Int, batch: Int = 2, _ more: [String] = []) throws
        -> [String]
    {
        [
            "train", "--style", "datasets/styles/starry_night.jpg", "--dataset", "datasets/content", "--checkpoint",
            path(checkpoint),
            "--arch", TinyTraining.architecture, "--image-size", "32", "--batch-size", "\(batch)", "--style-size", "64",
            "--iterations", "\(iterations)", "--seed", "7", "--vgg", try TestPaths.vggWeights(),
        ]
            + Self.exactConvolutions + more
    }

    private static let exactConvolutions = ["--conv-algorithm", "direct", "--precision", "fp32"]

    /// Continues `from` to `iterations` into `checkpoint`.
    private func resuming(_ from: String, into checkpoint: String, iterations: Int) throws -> [String] {
        [
            "train", "--resume", path(from), "--dataset", "datasets/content", "--checkpoint", path(checkpoint),
            "--iterations", "\(iterations)", "--vgg", try TestPaths.vggWeights(),
        ] + Self.exactConvolutions
    }

    private func succeeds(_ result: FastStyleRun, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 0, "\(what): \(result.error)\(result.output)", file: file, line: line)
    }

    /// Every parameter and Adam moment of `a` within 1e-4 of `b`'s, relative to the largest
    /// magnitude of its tensor (a parameter near zero differs relative to itself by the rounding
    /// of the others), every loss within 1e-5; the same iteration and data position.
    ///
    /// Left out: parameters whose gradient is zero in exact arithmetic, found as those whose
    /// Adam first moment is below 10⁻⁶ of the largest (in the tiny network, the bias of the
    /// residual block's last normalization: a constant per channel that the next layer's
    /// instance normalization removes). Adam moves them by ±lr on the sign of rounding noise, in
    /// any two runs.
    private func assertSameRun(_ a: String, _ b: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let x = try Checkpoint.read(from: path(a)), y = try Checkpoint.read(from: path(b))
        XCTAssertEqual(x.iteration, y.iteration, file: file, line: line)
        XCTAssertEqual(x.settings, y.settings, file: file, line: line)
        XCTAssertEqual(x.parameters.map(\.name), y.parameters.map(\.name), file: file, line: line)
        // Adam's moments are in the order of the network's parameters (the checkpoint's are by name).
        let moments = try XCTUnwrap(x.optimizer).firstMoment
        let largestMoment = moments.map(abs).max() ?? 0
        var offsets: [String: Int] = [:], offset = 0
        for parameter in try TransformerNet(settings: x.settings.network).parameters {
            offsets[parameter.name] = offset
            offset += parameter.value.storageCount
        }
        XCTAssertEqual(moments.count, offset, file: file, line: line)
        var gradientFree: [String] = []
        var worst = 0.0
        // fp32 sums in another order (the batch split across processes; oneDNN's AVX2 kernels
        // reduce in another order than its AVX-512 ones) differ by ~1e-7, which Adam's division
        // by √v enlarges in parameters of small gradient: up to 1.1e-5 of the tensor's largest
        // value seen on an AVX2 machine (Zen 3). A wrong split or weighting of the 2 + 1 images
        // changes the gradients themselves, by far more.
        func compare(_ u: [Float], _ v: [Float], _ name: String) {
            XCTAssertEqual(u.count, v.count, name, file: file, line: line)
            let scale = Double(u.map(abs).max() ?? 0)
            for (p, q) in zip(u, v) {
                let error = scale == 0 ? 0 : Double(abs(p - q)) / scale
                worst = max(worst, error)
                if error > 1e-4 { XCTFail("\(name): \(p) against \(q)", file: file, line: line); return }
            }
        }
        for (p, q) in zip(x.parameters, y.parameters) {
            let start = try XCTUnwrap(offsets[p.name], p.name)
            if moments[start..<start + p.values.count].allSatisfy({ abs($0) < 1e-6 * largestMoment }) {
                gradientFree.append(p.name)
                continue
            }
            compare(p.values, q.values, p.name)
        }
        XCTAssertLessThanOrEqual(
            gradientFree.count, 1, "parameters without gradient: \(gradientFree)", file: file, line: line)
        let m = try XCTUnwrap(x.optimizer), n = try XCTUnwrap(y.optimizer)
        XCTAssertEqual(m.step, n.step, file: file, line: line)
        compare(m.firstMoment, n.firstMoment, "Adam's first moment")
        compare(m.secondMoment, n.secondMoment, "Adam's second moment")
        XCTAssertEqual(x.history.map(\.iteration), y.history.map(\.iteration), file: file, line: line)
        for (e, f) in zip(x.history, y.history) {
            let pairs = [
                (e.terms.total, f.terms.total), (e.terms.content, f.terms.content), (e.terms.style, f.terms.style),
                (e.terms.totalVariation, f.terms.totalVariation), (e.validation?.total ?? 0, f.validation?.total ?? 0),
            ]
            for (u, v) in pairs where abs(u - v) > 1e-5 * abs(u) {
                XCTFail("iteration \(e.iteration): loss \(u) against \(v)", file: file, line: line)
            }
        }
        print("\(a) against \(b): largest relative difference \(worst); left out \(gradientFree)")
    }

    /// Two processes with 2 + 1 images of every batch of 3 (an uneven split, weighted) train the
    /// network one process trains: the same data, crops, losses, validation losses and parameters.
    /// Open MPI is loaded under a launcher, never linked: faststyle starts without it installed.
    func testTheExecutableDoesNotLinkOpenMPI() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        process.arguments = [Self.executable.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let libraries = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, libraries)
        XCTAssertTrue(libraries.contains("libdnnl"), libraries)
        XCTAssertFalse(libraries.contains("libmpi"), libraries)
    }

    func testTwoProcessesTrainAsOne() throws {
        let more = ["--val", "datasets/val", "--val-every", "2", "--sample-every", "4", "--checkpoint-every", "2"]
        let one = try run(try training("one.h5", iterations: 4, batch: 3, more) + ["--threads", "1"])
        succeeds(one, "one process")
        let two = try runUnderMPI(processes: 2, try training("two.h5", iterations: 4, batch: 3, more))
        succeeds(two, "two processes")
        try assertSameRun("one.h5", "two.h5")
        XCTAssertTrue(two.output.contains("2 processes (mpirun), 1 thread(s) each, rank 0 on"), two.output)
        XCTAssertTrue(two.output.contains("gradient allreduce"), two.output)
        // Rank 0 alone printed: one line per event.
        XCTAssertEqual(two.output.components(separatedBy: "train: done").count, 2, two.output)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: path("two_samples")).sorted(),
            try FileManager.default.contentsOfDirectory(atPath: path("one_samples")).sorted())
        XCTAssertEqual(try String(contentsOfFile: path("two.csv"), encoding: .utf8).split(separator: "\n").count, 5)
    }

    /// A network of two styles, each image of a batch in a style of its own: the two processes
    /// give each of their images the style one process gives it, and train the same network.
    func testTwoProcessesTrainSeveralStylesAsOne() throws {
        let styles = ["--style", "datasets/styles/great_wave.jpg"]
        succeeds(try run(try training("one.h5", iterations: 4, batch: 3, styles) + ["--threads", "1"]), "one process")
        succeeds(
            try runUnderMPI(processes: 2, try training("two.h5", iterations: 4, batch: 3, styles)), "two processes")
        XCTAssertEqual(try Checkpoint.read(from: path("two.h5")).settings.styleNames, ["starry_night", "great_wave"])
        try assertSameRun("one.h5", "two.h5")
    }

    /// A checkpoint of two processes resumes on one, and one of one process on two, each
    /// continuing the straight run of one process.
    func testCheckpointsResumeAcrossProcessCounts() throws {
        succeeds(try run(try training("straight.h5", iterations: 4)), "straight")
        succeeds(
            try runUnderMPI(processes: 2, try training("two-first.h5", iterations: 2)), "two processes, first half")
        succeeds(
            try run(try resuming("two-first.h5", into: "one-second.h5", iterations: 4)), "one process, second half")
        try assertSameRun("straight.h5", "one-second.h5")
        succeeds(try run(try training("one-first.h5", iterations: 2)), "one process, first half")
        succeeds(
            try runUnderMPI(processes: 2, try resuming("one-first.h5", into: "two-second.h5", iterations: 4)),
            "two processes, second half")
        try assertSameRun("straight.h5", "two-second.h5")
    }

    /// A NaN stops every process at the same step with one message naming where it arose.
    func testANonFiniteLossStopsEveryProcess() throws {
        let result = try runUnderMPI(processes: 2, try training("nan.h5", iterations: 50, ["--learning-rate", "1e30"]))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.error.contains("NaN or infinite at iteration"), result.error)
        XCTAssertTrue(result.error.contains("of 2 processes; every process stopped"), result.error)
        XCTAssertEqual(result.error.components(separatedBy: "NaN or infinite").count, 2, "one message: \(result.error)")
    }

    /// Processes given different data refuse to start, naming the one that differs; a batch
    /// smaller than the group, and batch normalization, are refused.
    func testProcessesMustStartTheSameRun() throws {
        let mine = try training("differ.h5", iterations: 2)
        var theirs = mine
        theirs[theirs.firstIndex(of: "datasets/content")!] = "datasets/val"
        let launcher = Self.mpirunArguments(processes: 1, mine)
        let result = try runUnderMPI(launcher + [":", "-np", "1", Self.executable.path] + theirs)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(
            result.error.contains("the number of training images of rank 1 differ from rank 0's"), result.error)

        let small = try runUnderMPI(processes: 3, try training("small.h5", iterations: 2))
        XCTAssertNotEqual(small.status, 0)
        XCTAssertTrue(small.error.contains("--batch-size must be at least the number of processes (3)"), small.error)
        let batch = try runUnderMPI(processes: 2, try training("batch.h5", iterations: 2, ["--norm", "batch"]))
        XCTAssertNotEqual(batch.status, 0)
        XCTAssertTrue(batch.error.contains("--norm must be instance on 2 processes"), batch.error)
    }

    /// A process killed mid-run ends the whole run within seconds, and the last checkpoint loads.
    func testAKilledProcessEndsTheRun() throws {
        let (mpirun, _, err) = try Self.mpirunProcess(
            Self.mpirunArguments(
                processes: 2,
                try training("killed.h5", iterations: 100_000)
                    + ["--checkpoint-every", "1"]))
        try mpirun.run()
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: path("killed.h5")), Date() < deadline, mpirun.isRunning {
            usleep(50_000)
        }
        let rank1 = try XCTUnwrap(Self.child(of: mpirun.processIdentifier, rank: 1), "rank 1 not found")
        kill(rank1, SIGKILL)
        let killed = Date()
        while mpirun.isRunning, Date().timeIntervalSince(killed) < 30 { usleep(50_000) }
        let seconds = Date().timeIntervalSince(killed)
        if mpirun.isRunning { kill(mpirun.processIdentifier, SIGKILL) }
        mpirun.waitUntilExit()
        XCTAssertLessThan(seconds, 10, "the run went on \(seconds) s after rank 1 died")
        XCTAssertNotEqual(mpirun.terminationStatus, 0)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(message.contains("rank 1") && message.contains("signal 9"), message)
        XCTAssertGreaterThan(try Checkpoint.read(from: path("killed.h5")).iteration, 0)
    }

    /// Ctrl-C to mpirun (which passes SIGTERM on and kills a second later) saves one checkpoint of
    /// the last completed step and stops every process.
    func testInterruptingMpirunSavesACheckpoint() throws {
        let (mpirun, out, err) = try Self.mpirunProcess(
            Self.mpirunArguments(
                processes: 2,
                try training("stopped.h5", iterations: 100_000)
                    + ["--checkpoint-every", "100000"]))
        try mpirun.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(120)
        while !seen.contains("iter "), Date() < deadline, mpirun.isRunning {
            seen += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        XCTAssertTrue(seen.contains("iter "), "no progress line: \(seen)")
        kill(mpirun.processIdentifier, SIGINT)
        let interrupted = Date()
        mpirun.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(interrupted), 10)
        seen += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(message.contains("stopped by signal 15 at iteration"), seen + message)
        let saved = try Checkpoint.read(from: path("stopped.h5"))
        XCTAssertGreaterThan(saved.iteration, 0)
        XCTAssertNotNil(saved.optimizer)
        XCTAssertEqual(saved.history.count, saved.iteration)
        XCTAssertNil(Self.child(of: mpirun.processIdentifier, rank: 0))
    }

    /// The process mpirun started as `rank`, found by its environment in /proc.
    private static func child(of parent: Int32, rank: Int) -> Int32? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == parent,
                let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
            else { continue }
            if environment.split(separator: 0).contains(where: {
                String(decoding: $0, as: UTF8.self) == "OMPI_COMM_WORLD_RANK=\(rank)"
            }) {
                return pid
            }
        }
        return nil
    }
}
