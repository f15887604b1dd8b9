import ArgumentParser
import Foundation
import StyleTransfer
import TestSupport
import XCTest
@testable import FaststyleCLI

/// What `--help` says: every option's default, and only options of its own command.
final class HelpTests: XCTestCase {
    private static let commands: [(name: String, type: ParsableCommand.Type)] = [
        ("train", TrainCommand.self), ("info", InfoCommand.self), ("stylize", StylizeCommand.self),
        ("export", ExportCommand.self), ("import", ImportCommand.self),
        ("optimize", OptimizeCommand.self), ("compare", CompareCommand.self), ("features", FeaturesCommand.self),
        ("weights fetch", WeightsCommand.Fetch.self), ("weights verify", WeightsCommand.Verify.self),
        ("weights info", WeightsCommand.Info.self), ("bench", BenchCommand.self),
        ("dataset pack", DatasetCommand.Pack.self),
        ("visualize patches", VisualizePatchesCommand.self), ("visualize neuron", VisualizeNeuronCommand.self),
        ("visualize filters", VisualizeFiltersCommand.self), ("dream", DreamCommand.self),
    ]

    private func help(_ command: ParsableCommand.Type) -> String {
        FastStyle.helpMessage(for: command, columns: 2000)
    }

    /// Each entry of the OPTIONS section: its names (`--init`, `-o`), whether it takes a value,
    /// and its text.
    private func options(_ help: String) -> [(names: [String], takesValue: Bool, text: String)] {
        guard let start = help.range(of: "\nOPTIONS:\n") else { return [] }
        var entries: [(names: [String], takesValue: Bool, text: String)] = []
        for line in help[start.upperBound...].split(separator: "\n") {
            if line.hasPrefix("  -") {
                // "  -o, --output <output>   The output …": the names and value up to two spaces.
                let declaration = line.dropFirst(2).components(separatedBy: "  ").first ?? ""
                let names = declaration.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "/" }).map(String.init)
                    .filter { $0.hasPrefix("-") }
                entries.append((names, declaration.contains("<"), String(line)))
            } else if !entries.isEmpty {
                entries[entries.count - 1].text += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return entries
    }

    private func flags(in text: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: "(?<![\\w-])--[a-z][a-z0-9-]*")
        let range = NSRange(text.startIndex..., in: text)
        return Set(regex.matches(in: text, range: range).map { String(text[Range($0.range, in: text)!]) })
    }

    func testHelpNamesOnlyOptionsOfItsCommand() {
        for (name, command) in Self.commands {
            let text = help(command)
            let own = Set(options(text).flatMap(\.names))
            XCTAssertFalse(own.isEmpty, name)
            for flag in flags(in: text) {
                XCTAssertTrue(own.contains(flag), "`faststyle \(name) --help` mentions \(flag), not an option of it")
            }
        }
        for command in [TrainCommand.self, OptimizeCommand.self] as [ParsableCommand.Type] {
            XCTAssertFalse(help(command).contains("compare"), "\(command) speaks of compare's defaults")
        }
    }

    /// An option that takes a value says what it is when left out: a default the parser shows,
    /// one the text gives, or that it is required.
    func testEveryOptionShowsItsDefault() {
        for (name, command) in Self.commands {
            let text = help(command)
            let usage = text.components(separatedBy: "\n").first { $0.hasPrefix("USAGE:") } ?? ""
            for option in options(text) where option.takesValue {
                let required = option.names.contains { usage.contains(" \($0) <") && !usage.contains("[\($0) <") }
                let described = option.text.lowercased().contains("default") || option.text.contains("required")
                XCTAssertTrue(
                    required || described,
                    "`faststyle \(name) --help`: \(option.names) gives no default: \(option.text)")
            }
        }
    }

    func testRequiredOptionsAreInTheUsageLine() {
        XCTAssertTrue(help(CompareCommand.self).contains("--content <content>"))
        let train = help(TrainCommand.self)
        for required in ["--style <style>", "--resume <resume>", "--dataset <dataset>", "--checkpoint <checkpoint>"] {
            XCTAssertTrue(
                train.components(separatedBy: "\n").contains {
                    $0.contains("faststyle train") && $0.contains(required)
                }, required)
        }
    }

    /// The settings the library names in its errors are flags of some command.
    func testEverySettingIsAFlag() {
        let all = Set(Self.commands.flatMap { options(help($0.type)).flatMap(\.names) })
        for setting in Setting.allCases {
            XCTAssertTrue(all.contains(SettingFlag.name(setting)), "\(setting) → \(SettingFlag.name(setting))")
        }
    }

    /// The release, the commit the executable was built from and the oneDNN it runs on. The commit
    /// is this checkout's HEAD or, after commits that changed no Swift file (SwiftPM then does not
    /// run the BuildCommit plugin), one before it; "unknown" outside a git checkout.
    func testVersionNamesTheReleaseTheCommitAndOneDNN() throws {
        let output = try run(["--version"]).output
        let pattern = #"^faststyle (\S+) \(commit ([0-9a-f]{12}|unknown)(-dirty)?, oneDNN (\S+)\)\n$"#
        guard
            let match = try NSRegularExpression(pattern: pattern).firstMatch(
                in: output, range: NSRange(output.startIndex..., in: output))
        else {
            return XCTFail("--version: \(output)")
        }
        func group(_ index: Int) -> String { String(output[Range(match.range(at: index), in: output)!]) }
        XCTAssertEqual(group(1), FastStyle.version)
        XCTAssertEqual(group(4), OneDNNVersion.text)
        XCTAssertNotNil(
            OneDNNVersion.text.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+$"#, options: .regularExpression), OneDNNVersion.text)
        let inGit = try git(["rev-parse", "HEAD"]) == 0
        if inGit {
            XCTAssertEqual(
                try git(["merge-base", "--is-ancestor", group(2), "HEAD"]), 0, "\(group(2)) is not HEAD or before it")
        } else {
            XCTAssertEqual(group(2), "unknown")
        }
    }

    /// git's exit status for `arguments` in this repository.
    private func git(_ arguments: [String]) throws -> Int32 {
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", TestPaths.repositoryRoot.path] + arguments
        git.standardOutput = FileHandle.nullDevice
        git.standardError = FileHandle.nullDevice
        try git.run()
        git.waitUntilExit()
        return git.terminationStatus
    }
}
