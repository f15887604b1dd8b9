/// Small elementwise loops shared by kernels and layers.
public enum Elementwise {
    /// destination[i] += source[i]
    @inline(__always)
    public static func add(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { destination[i] += source[i] }
    }

    public static func add(
        _ source: UnsafeMutablePointer<Float>, into destination: UnsafeMutablePointer<Float>, count: Int
    ) {
        add(UnsafePointer(source), into: destination, count: count)
    }
}
