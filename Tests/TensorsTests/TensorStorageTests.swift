import Tensors
import XCTest

/// Large tensors live in mapped regions that are reused once freed (TensorStorage): a reused
/// region must come back cleared when asked, whatever size it had before.
final class TensorStorageTests: XCTestCase {
    private let mebi = 1 << 20

    func testFreedRegionIsReusedForASmallerTensorAndCleared() {
        do {
            let dirty = Tensor(shape: [3 * mebi / 4])   // 3 MiB
            dirty.fill(7)
        }
        let reused = Tensor(shape: [5 * mebi / 8])   // 2.5 MiB: fits in the freed region
        XCTAssertTrue(reused.buffer.allSatisfy { $0 == 0 })
    }

    func testFreedRegionGrowsForALargerTensorAndIsCleared() {
        do {
            let small = Tensor(shape: [mebi / 2])   // 2 MiB
            small.fill(3)
        }
        let large = Tensor(shape: [9 * mebi / 4])   // 9 MiB: more than twice the spare
        XCTAssertTrue(large.buffer.allSatisfy { $0 == 0 })
        large.fill(1)
        XCTAssertEqual(large.data[large.storageCount - 1], 1)
    }

    func testTensorsAliveTogetherNeverShareMemory() {
        var tensors: [Tensor] = []
        for (i, floats) in [mebi / 2, 3 * mebi / 4, mebi / 2, mebi, 5 * mebi / 8].enumerated() {
            let t = Tensor(shape: [floats])
            t.fill(Float(i + 1))
            tensors.append(t)
            if i == 2 { tensors.removeFirst() }   // free one in the middle of the sequence
        }
        for t in tensors { XCTAssertTrue(t.buffer.allSatisfy { $0 == t.data[0] }) }
        XCTAssertEqual(Set(tensors.map { $0.data[0] }).count, tensors.count)
    }
}
