import Tensors
import XCTest

/// The OpenMP wait policy faststyle starts with: passive unless the user chose one.
final class OpenMPWaitingTests: XCTestCase {
    func testPassiveUnlessTheUserChose() {
        XCTAssertEqual(OpenMPWaiting.settings(missingFrom: ["HOME": "/root"]), ["OMP_WAIT_POLICY": "passive"])
        XCTAssertEqual(OpenMPWaiting.settings(missingFrom: ["OMP_WAIT_POLICY": "active"]), [:])
        XCTAssertEqual(OpenMPWaiting.settings(missingFrom: ["GOMP_SPINCOUNT": "10000"]), [:])
    }
}
