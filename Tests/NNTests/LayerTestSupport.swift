import NN
import Tensors
import XCTest

/// Row-major index of (n, c, y, x) in the plain values (`toArray()`) of an N×C×H×W tensor.
func plainIndex(_ shape: [Int], _ n: Int, _ c: Int, _ y: Int, _ x: Int) -> Int {
    ((n * shape[1] + c) * shape[2] + y) * shape[3] + x
}

/// Fails unless every float past the last channel of a blocked tensor is zero.
func assertBlockPaddingIsZero(_ t: Tensor, file: StaticString = #filePath, line: UInt = #line) {
    guard t.channelBlock > 1 else { return }
    var nonZero = 0
    for n in 0..<t.batch {
        for c in t.channels..<(t.channelBlocks * t.channelBlock) {
            for y in 0..<t.height {
                for x in 0..<t.width where t.data[t.index(n, c, y, x)] != 0 { nonZero += 1 }
            }
        }
    }
    XCTAssertEqual(nonZero, 0, "non-zero block padding in \(t)", file: file, line: line)
}

func initialized(_ layer: TransposedConv2D, seed: UInt64 = 3) -> TransposedConv2D {
    var generator = SeededGenerator(seed: seed)
    layer.initialize(using: &generator)
    return layer
}
