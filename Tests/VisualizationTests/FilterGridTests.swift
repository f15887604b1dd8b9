import Imaging
import StyleTransfer
import Visualization
import TestSupport
import XCTest

final class FilterGridTests: XCTestCase {
    /// Every pixel of a few filters' cells is that filter's conv1_1 weight, BGR input channel
    /// 2 − c drawn as colour c, rescaled so the filter's extremes are 0 and 255.
    func testTheGridIsTheFirstLayersWeightsRescaled() throws {
        let weights = try VGGWeights.load(from: try TestPaths.vggWeights(), upTo: "block1_conv1").layers[0]
        let (scale, columns, gap) = (5, 8, 3)
        let grid = FilterGrid.render(weights, scale: scale, columns: columns, gap: gap)
        XCTAssertEqual(grid.width, columns * (3 * scale + gap) + gap)
        XCTAssertEqual(grid.height, 8 * (3 * scale + gap) + gap)
        let plane = grid.width * grid.height
        for filter in [0, 9, 37, 63] {
            let kernel = Array(weights.kernelOIHW[(filter * 27)..<((filter + 1) * 27)])
            let (low, high) = (kernel.min()!, kernel.max()!)
            let (row, column) = filter.quotientAndRemainder(dividingBy: columns)
            for c in 0..<3 {
                for ky in 0..<3 {
                    for kx in 0..<3 {
                        let expected = (kernel[(2 - c) * 9 + ky * 3 + kx] - low) / (high - low) * 255
                        for (dy, dx) in [(0, 0), (scale - 1, scale - 1), (scale / 2, 1)] {
                            let x = gap + column * (3 * scale + gap) + kx * scale + dx
                            let y = gap + row * (3 * scale + gap) + ky * scale + dy
                            XCTAssertEqual(
                                grid.pixels[c * plane + y * grid.width + x], expected, accuracy: 1e-3,
                                "filter \(filter), colour \(c), weight (\(ky), \(kx))")
                        }
                    }
                }
            }
        }
        // The gaps are white.
        XCTAssertEqual(grid.pixels[0], 255)
    }
}
