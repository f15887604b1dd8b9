import XCTest

final class H5PlaceholderTests: XCTestCase {
    func testNothingYet() {}
}
