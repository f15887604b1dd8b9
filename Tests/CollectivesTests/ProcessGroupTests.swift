import Collectives
import XCTest

final class ProcessGroupTests: XCTestCase {
    /// A group of `size` seen from `rank`, for the arithmetic of shares.
    private final class Seat: ProcessGroup {
        let rank: Int, size: Int
        init(_ rank: Int, of size: Int) { self.rank = rank; self.size = size }
        var host: String { "test" }
        func sumInPlace(_ values: UnsafeMutableBufferPointer<Float>) {}
        func sum(_ values: [Double]) -> [Double] { values }
        func gather(_ value: UInt64) -> [UInt64] { [value] }
        var reductionSeconds: Double { 0 }
        var waitingSeconds: Double { 0 }
    }

    /// The shares of every rank cover the batch once, in order, and differ by at most one item.
    func testSharesPartitionTheBatchInOrder() {
        for size in 1...9 {
            for count in 0...20 {
                let shares = (0..<size).map { Seat($0, of: size).share(of: count) }
                XCTAssertEqual(shares.flatMap { Array($0) }, Array(0..<count), "\(count) items on \(size)")
                let lengths = shares.map(\.count)
                XCTAssertLessThanOrEqual(lengths.max()! - lengths.min()!, 1, "\(count) items on \(size): \(lengths)")
            }
        }
        XCTAssertEqual(Seat(2, of: 3).share(of: 4), 2..<4)
        XCTAssertEqual(SingleProcess().share(of: 4), 0..<4)
    }

    func testLaunchersAreRecognizedByTheirEnvironment() {
        XCTAssertFalse(MPIProcessGroup.isLaunched(environment: ["PATH": "/usr/bin"]))
        XCTAssertTrue(MPIProcessGroup.isLaunched(environment: ["OMPI_COMM_WORLD_SIZE": "2"]))
        XCTAssertTrue(MPIProcessGroup.isLaunched(environment: ["PMI_SIZE": "8"]))
        XCTAssertEqual(MPIProcessGroup.localSize(environment: ["OMPI_COMM_WORLD_LOCAL_SIZE": "2"]), 2)
        XCTAssertNil(MPIProcessGroup.localSize(environment: ["OMPI_COMM_WORLD_LOCAL_SIZE": "0"]))
        XCTAssertNil(MPIProcessGroup.localSize(environment: [:]))
    }

    /// Alone, the collective operations return their input.
    func testASingleProcessReducesToItself() {
        let group = SingleProcess()
        XCTAssertEqual(group.sum([1, 2.5]), [1, 2.5])
        XCTAssertEqual(group.gather(7), [7])
        var values: [Float] = [1, 2, 3]
        values.withUnsafeMutableBufferPointer { group.sumInPlace($0) }
        XCTAssertEqual(values, [1, 2, 3])
        XCTAssertFalse(group.isDistributed)
    }
}
