import Platform
import XCTest

/// Sizes are multiplied with overflow checks, and work that needs more memory than there is
/// is refused with both amounts in the message.
final class MemoryBudgetTests: XCTestCase {
    func testProductsOverflowToNil() {
        XCTAssertEqual(ElementCount.product([2, 3, 4]), 24)
        XCTAssertEqual(ElementCount.product([]), 1)
        XCTAssertNil(ElementCount.product([1 << 31, 1 << 31, 1 << 31]))
        XCTAssertNil(ElementCount.product([-1, 2]))
        XCTAssertNil(ElementCount.sum([Int.max, 1]))
    }

    func testRefusalNamesBothAmounts() {
        XCTAssertGreaterThan(MemoryBudget.available, 1 << 20)
        XCTAssertNoThrow(try MemoryBudget.require(1 << 20, for: "a small buffer"))
        XCTAssertThrowsError(try MemoryBudget.require(elements: [1 << 40], elementSize: 4, for: "the test's tensor")) {
            error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("the test's tensor needs 4 TiB, this machine has "), text)
            XCTAssertTrue(text.hasSuffix(" available"), text)
        }
        XCTAssertThrowsError(try MemoryBudget.require(elements: [1 << 31, 1 << 31, 1 << 31], elementSize: 4, for: "x"))
        { error in
            XCTAssertTrue("\(error)".contains("overflows"), "\(error)")
        }
    }

    func testByteCounts() {
        XCTAssertEqual(ByteCount.text(512), "512 B")
        XCTAssertEqual(ByteCount.text(1536), "1.5 KiB")
        XCTAssertEqual(ByteCount.text(37_580_963_840), "35 GiB")
        XCTAssertEqual(ByteCount.text(250 << 30), "250 GiB")
    }
}
