import Foundation
import XCTest
@testable import FaststyleCLI

/// Where the command line finds the VGG weights and the built-in styles' network when no option
/// names them, and where `weights fetch` writes.
final class DataFileTests: XCTestCase {
    private var directory: URL!
    private var previousFolder = ""
    /// An executable built in a checkout, and one installed outside any.
    private var checkoutExecutable: URL { directory.appendingPathComponent("checkout/.build/release/faststyle") }
    private let installedExecutable = URL(fileURLWithPath: "/usr/bin/faststyle")
    private var home: String { directory.appendingPathComponent("home").path }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("data-file-\(UUID().uuidString)")
        for folder in ["checkout/.build/release", "checkout/weights", "elsewhere", "home"] {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        previousFolder = FileManager.default.currentDirectoryPath
        XCTAssertTrue(
            FileManager.default.changeCurrentDirectoryPath(directory.appendingPathComponent("elsewhere").path))
    }

    override func tearDownWithError() throws {
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(previousFolder))
        try? FileManager.default.removeItem(at: directory)
    }

    private func create(_ path: String) throws {
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
            withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
    }

    /// The variable, the current folder's repository file, the executable's checkout, the user's
    /// data folder, the system's: each found once all before it are missing.
    func testTheLookupOrder() throws {
        let file = DataFile.vggWeights
        let environment = ["HOME": home]
        let checkout = directory.appendingPathComponent("checkout/weights/vgg16.h5").path
        let user = "\(home)/.local/share/faststyle/vgg16.h5"
        XCTAssertEqual(
            file.places(environment: environment, executable: checkoutExecutable),
            ["weights/vgg16.h5", checkout, user, "/usr/share/faststyle/vgg16.h5"])
        XCTAssertEqual(
            file.places(environment: environment, executable: installedExecutable),
            ["weights/vgg16.h5", user, "/usr/share/faststyle/vgg16.h5"])

        try create(user)
        XCTAssertEqual(try file.resolve(environment: environment, executable: checkoutExecutable), user)
        try create(checkout)
        XCTAssertEqual(try file.resolve(environment: environment, executable: checkoutExecutable), checkout)
        XCTAssertEqual(try file.resolve(environment: environment, executable: installedExecutable), user)
        try create("weights/vgg16.h5")
        XCTAssertEqual(try file.resolve(environment: environment, executable: checkoutExecutable), "weights/vgg16.h5")
        // The variable wins, whether or not its file exists (the user chose it); empty is unset.
        XCTAssertEqual(
            try file.resolve(environment: ["FASTSTYLE_VGG": "/data/vgg19.h5"], executable: checkoutExecutable),
            "/data/vgg19.h5")
        XCTAssertEqual(
            try file.resolve(environment: ["FASTSTYLE_VGG": "", "HOME": home], executable: checkoutExecutable),
            "weights/vgg16.h5")
    }

    /// $XDG_DATA_HOME/faststyle when that is an absolute path, else ~/.local/share/faststyle.
    func testTheUsersDataFolder() {
        XCTAssertEqual(
            DataFile.userFolder(environment: ["XDG_DATA_HOME": "/data/me", "HOME": home]), "/data/me/faststyle")
        XCTAssertEqual(
            DataFile.userFolder(environment: ["XDG_DATA_HOME": "relative", "HOME": home]),
            "\(home)/.local/share/faststyle")
        XCTAssertEqual(DataFile.userFolder(environment: ["HOME": home]), "\(home)/.local/share/faststyle")
        XCTAssertEqual(
            DataFile.builtInStyles.places(environment: ["XDG_DATA_HOME": "/data/me"], executable: installedExecutable),
            ["weights/styles.h5", "/data/me/faststyle/styles.h5", "/usr/share/faststyle/styles.h5"])
    }

    /// Found nowhere: the error names the variable and every place looked at, and what to do.
    func testTheErrorNamesEveryPlace() {
        let environment = ["HOME": home]
        XCTAssertThrowsError(try DataFile.vggWeights.resolve(environment: environment, executable: checkoutExecutable))
        { error in
            let text = error.localizedDescription
            for part in [
                "FASTSTYLE_VGG is not set", "weights/vgg16.h5 (in the current folder)",
                directory.appendingPathComponent("checkout/weights/vgg16.h5").path,
                "\(home)/.local/share/faststyle/vgg16.h5", "/usr/share/faststyle/vgg16.h5", "`faststyle weights fetch`",
            ] {
                XCTAssertTrue(text.contains(part), "lacks \(part): \(text)")
            }
        }
        XCTAssertThrowsError(
            try DataFile.builtInStyles.resolve(environment: environment, executable: installedExecutable)
        ) { error in
            let text = error.localizedDescription
            XCTAssertTrue(
                text.contains("FASTSTYLE_STYLES") && text.contains("/usr/share/faststyle/styles.h5")
                    && text.contains("--model"), text)
        }
    }

    /// `weights fetch` writes to the variable's path, else the executable's checkout, else the
    /// user's data folder (never under the current folder: a `weights` folder there may be anything).
    func testWhereFetchWrites() throws {
        let file = DataFile.vggWeights
        try FileManager.default.createDirectory(atPath: "weights", withIntermediateDirectories: true)
        XCTAssertEqual(
            file.destination(
                environment: ["FASTSTYLE_VGG": "/data/vgg.h5", "HOME": home], executable: checkoutExecutable),
            "/data/vgg.h5")
        XCTAssertEqual(
            file.destination(environment: ["HOME": home], executable: checkoutExecutable),
            directory.appendingPathComponent("checkout/weights/vgg16.h5").path)
        XCTAssertEqual(
            file.destination(environment: ["HOME": home], executable: installedExecutable),
            "\(home)/.local/share/faststyle/vgg16.h5")
        XCTAssertEqual(
            file.destination(environment: ["XDG_DATA_HOME": "/data/me"], executable: installedExecutable),
            "/data/me/faststyle/vgg16.h5")
    }
}
