import Imaging
import TestSupport
import Video
import XCTest

/// The optical flow against motion known exactly: a real photograph moved by a sub-pixel
/// translation and by a zoom, the moved frame made by sampling the photograph where the motion
/// says its pixels came from.
final class OpticalFlowTests: XCTestCase {
    /// `image` sampled at p + motion(p) (Lanczos-resized photograph, bilinear sampling).
    private func moved(_ image: Image, by motion: (Float, Float) -> (Float, Float)) -> Image {
        let (w, h) = (image.width, image.height)
        var u = [Float](repeating: 0, count: w * h), v = u
        for y in 0..<h { for x in 0..<w { (u[y * w + x], v[y * w + x]) = motion(Float(x), Float(y)) } }
        return FlowField(width: w, height: h, u: u, v: v).warp(image).image
    }

    /// Mean distance between the flow found and the true motion, away from the borders (where
    /// the moved frame repeats its edge).
    private func endpointError(_ flow: FlowField, _ motion: (Float, Float) -> (Float, Float), margin: Int = 16) -> Float
    {
        var total: Float = 0, count = 0
        for y in margin..<(flow.height - margin) {
            for x in margin..<(flow.width - margin) {
                let (u, v) = motion(Float(x), Float(y))
                let i = y * flow.width + x
                total += ((flow.u[i] - u) * (flow.u[i] - u) + (flow.v[i] - v) * (flow.v[i] - v)).squareRoot()
                count += 1
            }
        }
        return total / Float(count)
    }

    private func photograph() throws -> Image {
        try Image(contentsOf: TestPaths.photograph).resized(longSide: 384)
    }

    func testSubPixelTranslationIsFoundToASeventhOfAPixel() throws {
        let previous = try photograph()
        let motion: (Float, Float) -> (Float, Float) = { _, _ in (2.35, -1.6) }
        let current = moved(previous, by: motion)
        let flow = OpticalFlow().flow(from: current, to: previous)
        XCTAssertLessThan(endpointError(flow, motion), 0.15)
        // And not by chance: no motion gives no flow.
        XCTAssertLessThan(endpointError(OpticalFlow().flow(from: previous, to: previous), { _, _ in (0, 0) }), 0.01)
    }

    func testZoomIsFoundEverywhere() throws {
        let previous = try photograph()
        let (cx, cy) = (Float(previous.width) / 2, Float(previous.height) / 2)
        // Zooming in by 3%: each pixel came from 3% nearer the centre (up to 5.8 px at the corners).
        let motion: (Float, Float) -> (Float, Float) = { x, y in (-0.03 * (x - cx), -0.03 * (y - cy)) }
        let current = moved(previous, by: motion)
        let flow = OpticalFlow().flow(from: current, to: previous)
        XCTAssertLessThan(endpointError(flow, motion), 0.15)
    }

    func testLargeMotionIsFoundThroughThePyramid() throws {
        let previous = try photograph()
        let motion: (Float, Float) -> (Float, Float) = { _, _ in (-14.5, 9.25) }
        let current = moved(previous, by: motion)
        let flow = OpticalFlow().flow(from: current, to: previous)
        XCTAssertLessThan(endpointError(flow, motion, margin: 24), 0.2)
    }

    func testFlowAtAWorkingSizeIsResizedToTheFrames() throws {
        let previous = try Image(contentsOf: TestPaths.photograph)   // 768 wide
        let motion: (Float, Float) -> (Float, Float) = { _, _ in (3.5, 2.0) }
        let current = moved(previous, by: motion)
        let flow = OpticalFlow(workingSide: 256).flow(from: current, to: previous)
        XCTAssertEqual(flow.width, previous.width)
        XCTAssertEqual(flow.height, previous.height)
        // A third of the size: 0.5 pixel here is 0.17 at the working size.
        XCTAssertLessThan(endpointError(flow, motion, margin: 32), 0.5)
    }

    func testWarpingAlongTheFlowLinesTheFramesUp() throws {
        let previous = try photograph()
        let current = moved(previous, by: { _, _ in (4.2, 1.7) })
        let flow = OpticalFlow().flow(from: current, to: previous)
        let (warped, inside) = flow.warp(previous)
        var before: Float = 0, after: Float = 0, count: Float = 0
        let plane = current.width * current.height
        for i in 0..<plane where inside[i] > 0 {
            for c in 0..<3 {
                before += abs(current.pixels[c * plane + i] - previous.pixels[c * plane + i])
                after += abs(current.pixels[c * plane + i] - warped.pixels[c * plane + i])
            }
            count += 3
        }
        XCTAssertLessThan(after / count, 0.2 * before / count)
        XCTAssertLessThan(inside.reduce(0, +), Float(plane), "points carried past the right edge are outside")
    }
}
