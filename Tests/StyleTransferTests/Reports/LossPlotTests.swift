import StyleTransfer
import XCTest

final class LossPlotTests: XCTestCase {
    func testLevelAndMarkerAreDrawnOnALogScale() {
        let plot = LossPlot(
            title: "a < b",
            series: [.init(label: "optimization", color: "#111", points: [(1, 1000), (2, 100), (3, 10)])],
            levels: [.init(label: "fast network", color: "#222", value: 100)],
            markers: [.init(label: "below at 3", color: "#333", x: 3, y: 10)])
        let svg = plot.svg(width: 400, height: 300)
        XCTAssertTrue(svg.contains("a &lt; b"))
        XCTAssertTrue(svg.contains("stroke-dasharray=\"6,4\""), "the level is dashed")
        XCTAssertTrue(svg.contains("below at 3"))
        // Log scale: 1000, 100 and 10 are equally spaced vertically.
        let polyline = svg.components(separatedBy: "points=\"")[1].components(separatedBy: "\"")[0]
        let ys = polyline.split(separator: " ").map { Double($0.split(separator: ",")[1])! }
        XCTAssertEqual(ys[1] - ys[0], ys[2] - ys[1], accuracy: 0.15)
        // The level's line sits at the height of the point of equal value.
        XCTAssertTrue(svg.contains("y1=\"\(String(format: "%.1f", ys[1]))\" x2="))
        let grid = LossPlot.grid([plot, plot, plot], columns: 2, width: 100, height: 50)
        XCTAssertTrue(grid.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\""))
    }
}
