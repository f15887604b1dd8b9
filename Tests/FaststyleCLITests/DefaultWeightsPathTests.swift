import Foundation
import XCTest
@testable import FaststyleCLI

/// Where the command line looks for the weights without --vgg.
final class DefaultWeightsPathTests: XCTestCase {
    private var directory: URL!
    private var previousFolder = ""

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("weights-path-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("checkout/.build/release"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("checkout/weights"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
        previousFolder = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(directory.appendingPathComponent("elsewhere").path)
    }

    override func tearDownWithError() throws {
        FileManager.default.changeCurrentDirectoryPath(previousFolder)
        try? FileManager.default.removeItem(at: directory)
    }

    func testEnvironmentThenTheFolderThenTheExecutablesCheckout() throws {
        let executable = directory.appendingPathComponent("checkout/.build/release/faststyle")
        XCTAssertEqual(DefaultWeightsPath.resolve(environment: ["FASTSTYLE_VGG": "/data/vgg19.h5"], executable: executable), "/data/vgg19.h5")
        XCTAssertEqual(DefaultWeightsPath.resolve(environment: ["FASTSTYLE_VGG": ""], executable: executable),
                       directory.appendingPathComponent("checkout/weights/vgg16.h5").path)
        XCTAssertEqual(DefaultWeightsPath.resolve(environment: [:], executable: URL(fileURLWithPath: "/usr/bin/faststyle")),
                       "weights/vgg16.h5")
        try FileManager.default.createDirectory(atPath: "weights", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: "weights/vgg16.h5", contents: Data())
        XCTAssertEqual(DefaultWeightsPath.resolve(environment: [:], executable: executable), "weights/vgg16.h5")
    }
}
