import Comparison
import StyleTransfer

/// The defaults of a command that runs the optimization of Gatys et al.
protocol OptimizationDefaults {
    static var settings: OptimizationSettings { get }
    static var printEvery: Int { get }
}

/// optimize: the library's settings, a line every 10 iterations.
enum OptimizeDefaults: OptimizationDefaults {
    static var settings: OptimizationSettings { OptimizationSettings() }
    static let printEvery = 10
}

/// compare: the comparison's settings (fewer iterations), a line every 50 iterations.
enum CompareDefaults: OptimizationDefaults {
    static var settings: OptimizationSettings { ComparisonSettings().optimization }
    static let printEvery = 50
}
