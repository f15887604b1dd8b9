import Foundation
import StyleTransfer
import XCTest

/// Inputs the fuzz harnesses (Tests/Fuzz, docs/fuzzing.md) showed to crash the architecture
/// parser, now clear errors.
final class ArchitectureFuzzTests: XCTestCase {
    private func string(halvings: Int) -> String {
        (Array(repeating: "d4", count: halvings) + Array(repeating: "u4", count: halvings) + ["c3s1-3"]).joined(
            separator: ",")
    }

    /// 63 halvings overflowed the parser's scale (an arithmetic-overflow trap): `--arch`, or a
    /// checkpoint's settings, crashed the program.
    func testManyHalvingsAreAnErrorNotAnOverflow() throws {
        for halvings in [16, 62, 63, 64, 200] {
            XCTAssertThrowsError(try Architecture(string(halvings: halvings)), "\(halvings)") { error in
                XCTAssertTrue("\(error)".contains("halves the input's size more than 15 times"), "\(error)")
            }
        }
        let strided = (Array(repeating: "c3s2-4", count: 70) + Array(repeating: "u4", count: 70) + ["c3s1-3"]).joined(
            separator: ",")
        XCTAssertThrowsError(try Architecture(named: strided))
    }

    func testFifteenHalvingsAreAccepted() throws {
        let architecture = try Architecture(string(halvings: 15))
        XCTAssertEqual(architecture.sizeMultiple, 32768)
    }

    /// The same string in a checkpoint's training settings is an error of decoding.
    func testCheckpointSettingsWithManyHalvingsAreRefused() throws {
        var json = String(decoding: try JSONEncoder().encode(TrainingSettings()), as: UTF8.self)
        json = json.replacingOccurrences(of: Architecture.johnson.description, with: string(halvings: 63))
        XCTAssertTrue(json.contains(string(halvings: 63)))
        XCTAssertThrowsError(try JSONDecoder().decode(TrainingSettings.self, from: Data(json.utf8)))
    }
}
