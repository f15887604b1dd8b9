import Foundation
import XCTest

/// Asserts that `body` throws an error whose description contains every one of `fragments`.
func assertThrows<T>(
    _ body: @autoclosure () throws -> T, containing fragments: [String],
    file: StaticString = #filePath, line: UInt = #line
) {
    do {
        _ = try body()
        XCTFail("expected an error containing \(fragments)", file: file, line: line)
    } catch {
        let text = String(describing: error)
        for fragment in fragments where !text.contains(fragment) {
            XCTFail("error \"\(text)\" does not mention \"\(fragment)\"", file: file, line: line)
        }
    }
}
