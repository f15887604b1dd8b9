import StyleTransfer
import XCTest

/// Fails unless two sets of VGG weights have the same variant, layers, shapes and values, bit for bit.
public func assertSameWeights(_ a: VGGWeights, _ b: VGGWeights, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.variant, b.variant, file: file, line: line)
    XCTAssertEqual(a.layers.map(\.name), b.layers.map(\.name), file: file, line: line)
    for (x, y) in zip(a.layers, b.layers) {
        XCTAssertEqual(
            [x.outChannels, x.inChannels, x.kernelHeight, x.kernelWidth],
            [y.outChannels, y.inChannels, y.kernelHeight, y.kernelWidth], x.name, file: file, line: line)
        XCTAssertTrue(x.kernelOIHW == y.kernelOIHW, "\(x.name) kernel differs", file: file, line: line)
        XCTAssertTrue(x.bias == y.bias, "\(x.name) bias differs", file: file, line: line)
    }
}
