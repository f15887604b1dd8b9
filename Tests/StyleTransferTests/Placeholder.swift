import XCTest

final class StyleTransferPlaceholderTests: XCTestCase {
    func testNothingYet() {}
}
