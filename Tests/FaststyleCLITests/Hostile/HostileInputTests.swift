import Foundation
import H5
import Platform
import TestSupport
import XCTest

/// The hostile-input catalogue of issue 15 (`HostileCatalogue`): bad files, absurd arguments,
/// full and read-only disks. Every case must end with a clear error (exit status 1…127, an
/// error line that names the file or option and the reason), without a crash or a hang, and
/// without changing any file that existed before it. Prints every case and the tally;
/// `scripts/hostile.sh` runs just this.
final class HostileInputTests: XCTestCase {
    func testEveryHostileInputIsAClearErrorAndCostsNoFile() throws {
        let folder = try temporaryFolder("hostile")
        let catalogue: HostileCatalogue
        do {
            catalogue = try HostileCatalogue(folder: folder)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        defer {
            catalogue.disk.tearDown()
            try? FileManager.default.removeItem(at: folder)
        }
        let vgg = try TestPaths.vggWeights()
        let vggBefore = FileManager.default.contents(atPath: vgg)

        var tally: [String: (tried: Int, clear: Int, crashes: Int, hangs: Int, lost: Int)] = [:]
        var groups: [String] = []
        print("hostile: full and read-only disks: \(catalogue.disk.technique)")
        for hostile in catalogue.cases {
            let start = Date()
            let verdict = try hostile.verdict(watching: folder)
            let seconds = String(format: "%.1f s", Date().timeIntervalSince(start))
            if tally[hostile.group] == nil { groups.append(hostile.group) }
            var row = tally[hostile.group] ?? (0, 0, 0, 0, 0)
            row.tried += 1
            if verdict.kind == .clear { row.clear += 1 }
            if verdict.kind == .crashed { row.crashes += 1 }
            if verdict.kind == .hung { row.hangs += 1 }
            row.lost += verdict.lostFiles.count
            tally[hostile.group] = row
            let mark = verdict.isGood ? "ok  " : "FAIL"
            print(
                "hostile: \(mark) [\(hostile.group)] \(hostile.name) (\(seconds)): \(verdict.kind.rawValue): "
                    + verdict.message)
            XCTAssertTrue(verdict.kind == .clear, "\(hostile.name): \(verdict.kind.rawValue): \(verdict.message)")
            XCTAssertEqual(verdict.lostFiles, [], "\(hostile.name) changed or removed files that existed")
            XCTAssertEqual(verdict.debris, [], "\(hostile.name) left partial or temporary files")
        }
        XCTAssertTrue(FileManager.default.contents(atPath: vgg) == vggBefore, "the VGG weights changed")

        func line(_ name: String, _ r: (tried: Int, clear: Int, crashes: Int, hangs: Int, lost: Int)) -> String {
            name.padding(toLength: 20, withPad: " ", startingAt: 0)
                + [r.tried, r.clear, r.crashes, r.hangs, r.lost].map { String($0).leftPadded(8) }.joined()
        }
        print(
            "hostile: " + "class".padding(toLength: 20, withPad: " ", startingAt: 0)
                + ["tried", "clear", "crashes", "hangs", "lost"].map { $0.leftPadded(8) }.joined())
        var total = (tried: 0, clear: 0, crashes: 0, hangs: 0, lost: 0)
        for group in groups {
            let r = tally[group]!
            print("hostile: " + line(group, r))
            total = (
                total.tried + r.tried, total.clear + r.clear, total.crashes + r.crashes, total.hangs + r.hangs,
                total.lost + r.lost
            )
        }
        print("hostile: " + line("total", total))
    }
}

private extension CustomStringConvertible {
    func leftPadded(_ width: Int) -> String {
        let text = description
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
