import XCTest

/// Asserts that a float32 result is within `tolerance` of the largest value of its float64
/// reference, everywhere (the convolution tests' measure).
func assertMatches(
    _ got: [Float], _ expected: [Double], tolerance: Double = 1e-5, _ label: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    let largest = expected.map(abs).max() ?? 0
    let worst = zip(got, expected).map { abs(Double($0) - $1) }.max() ?? 0
    XCTAssertLessThan(
        worst, tolerance * largest, "\(label): largest error \(worst) of \(largest)", file: file, line: line)
}
