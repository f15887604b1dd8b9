import Tensors

/// Finite-difference checks of backward passes (Caffe's GradientChecker in spirit): the
/// analytic gradient of a scalar function is compared with central differences
/// (f(x + ε) − f(x − ε)) / 2ε at every coordinate (or at sampled ones, for large tensors).
public enum GradientCheck {
    public struct Result: CustomStringConvertible {
        /// Worst relative error |analytic − numeric| / max(|analytic|, |numeric|, floor), where
        /// floor is `relativeFloor` × the largest |analytic| entry: float32 rounding makes tiny
        /// entries' numeric estimates noisy, so they are judged against the gradient's scale.
        public var maxRelativeError: Double
        public var worst: (index: Int, analytic: Double, numeric: Double)
        public var checked: Int
        /// Coordinates within ε of a kink (a ReLU at 0, a tie in max pooling), where the two
        /// one-sided differences disagree: the analytic gradient, taken on one side, is judged
        /// against the one-sided difference of that side. A wrong gradient at a smooth point
        /// matches neither.
        public var kinks = 0
        public var name: String

        public var description: String {
            "\(name): max relative error \(maxRelativeError) over \(checked) coordinates, \(kinks) at kinks "
                + "(worst at \(worst.index): analytic \(worst.analytic), numeric \(worst.numeric))"
        }
    }

    /// Checks `analyticGradient` (same shape as `x`) against central differences of `f` at `x`.
    /// `f` must not keep `x` across calls. Coordinates are logical indices: every one, or with
    /// `samples`, that many chosen with `seed` (all when the tensor is smaller).
    public static func compare(
        name: String, x: Tensor, analyticGradient: Tensor, epsilon: Float = 1e-2,
        samples: Int? = nil, seed: UInt64 = 1, relativeFloor: Double = 1e-2,
        kinkTolerance: Double = 1e-2, _ f: () throws -> Double
    ) rethrows -> Result {
        precondition(x.shape == analyticGradient.shape, "gradient \(analyticGradient.shape) for \(x.shape)")
        let analytic = analyticGradient.toArray()
        var generator = SeededGenerator(seed: seed)
        let count = x.count
        let coordinates =
            samples.map { samples in
                count <= samples ? Array(0..<count) : (0..<samples).map { _ in Int(generator.next() % UInt64(count)) }
            } ?? Array(0..<count)
        let floor = max(relativeFloor * Double(analytic.map(abs).max() ?? 0), 1e-6)
        func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(a), abs(b), floor) }
        var result = Result(maxRelativeError: 0, worst: (0, 0, 0), checked: coordinates.count, name: name)
        let base = try f()
        for logical in coordinates {
            let storage = storageIndex(of: x, logical: logical)
            let original = x.data[storage]
            x.data[storage] = original + epsilon
            let plus = try f()
            x.data[storage] = original - epsilon
            let minus = try f()
            x.data[storage] = original
            var numeric = (plus - minus) / (2 * Double(epsilon))
            let a = Double(analytic[logical])
            var error = relativeError(a, numeric)
            let (forward, backward) = ((plus - base) / Double(epsilon), (base - minus) / Double(epsilon))
            if error > kinkTolerance, relativeError(forward, backward) > kinkTolerance {
                result.kinks += 1
                numeric = relativeError(a, forward) < relativeError(a, backward) ? forward : backward
                error = relativeError(a, numeric)
            }
            if error > result.maxRelativeError {
                result.maxRelativeError = error
                result.worst = (logical, a, numeric)
            }
        }
        return result
    }

    /// Checks `analyticGradient` along directions: (f(x + εd) − f(x − εd)) / 2ε against g·d,
    /// for d = g itself (scaled to unit RMS) and `directions − 1` random unit-variance directions
    /// over all coordinates. Moving every coordinate makes the change of f large next to float32
    /// rounding, which a deep network (the VGG loss) needs: per-coordinate differences there
    /// measure rounding noise. Errors are relative to max(|g·d|, |numeric|, 0.05 ‖g‖‖d‖/√n), the
    /// last being a twentieth of a typical random projection.
    public static func compareDirectional(
        name: String, x: Tensor, analyticGradient: Tensor, epsilon: Float,
        directions: Int = 4, seed: UInt64 = 1,
        _ f: () throws -> Double
    ) rethrows -> Result {
        precondition(x.shape == analyticGradient.shape && x.channelBlock == 1 && analyticGradient.channelBlock == 1)
        var generator = SeededGenerator(seed: seed)
        let original = x.toArray(), g = analyticGradient.toArray()
        var result = Result(maxRelativeError: 0, worst: (0, 0, 0), checked: directions, name: name)
        let n = Double(original.count)
        let gradientNorm = g.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        for k in 0..<directions {
            let d =
                k == 0 && gradientNorm > 0
                ? g.map { Float(Double($0) / gradientNorm * n.squareRoot()) }
                : (0..<original.count).map { _ in generator.nextNormal() }
            let directionNorm = d.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            let analytic = zip(g, d).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            for i in 0..<original.count { x.data[i] = original[i] + epsilon * d[i] }
            let plus = try f()
            for i in 0..<original.count { x.data[i] = original[i] - epsilon * d[i] }
            let minus = try f()
            for i in 0..<original.count { x.data[i] = original[i] }
            let numeric = (plus - minus) / (2 * Double(epsilon))
            let floor = max(0.05 * gradientNorm * directionNorm / n.squareRoot(), 1e-12)
            let error = abs(analytic - numeric) / max(abs(analytic), abs(numeric), floor)
            if error > result.maxRelativeError {
                result.maxRelativeError = error
                result.worst = (k, analytic, numeric)
            }
        }
        return result
    }

    /// Checks a layer's input gradient and the gradients of its trainable parameters, using
    /// L = Σ y ⊙ R for a fixed random R (so dL/dy = R), at every coordinate (or `samples`).
    public static func check(
        layer: Layer, input x: Tensor, epsilon: Float = 1e-2, samples: Int? = nil,
        seed: UInt64 = 7
    ) throws -> [Result] {
        let y = try layer.forward(x)
        var generator = SeededGenerator(seed: seed)
        let projection = (0..<y.count).map { _ in generator.nextUnit() * 2 - 1 }
        let dy = Tensor(shape: y.shape, channelBlock: y.channelBlock)
        Reorder.copy(Tensor(shape: y.shape, values: projection), into: dy)

        // Σ y ⊙ R over y's storage, R held in y's layout (block padding is zero in both): no
        // reorder per evaluation.
        func loss() throws -> Double {
            let y = try layer.forward(x)
            precondition(y.channelBlock == dy.channelBlock, "the layer changed its output layout")
            var sum = 0.0
            for i in 0..<y.storageCount { sum += Double(y.data[i]) * Double(dy.data[i]) }
            return sum
        }

        for p in layer.parameters { p.gradient.zero() }
        _ = try layer.forward(x)
        var results: [Result] = []
        if let dx = try layer.backward(dy)?.copy() {
            results.append(
                try compare(
                    name: "input", x: x, analyticGradient: dx, epsilon: epsilon, samples: samples, seed: seed, loss))
        }
        for p in layer.parameters where p.isTrainable {
            let analytic = p.gradient.copy()
            results.append(
                try compare(
                    name: p.name, x: p.value, analyticGradient: analytic, epsilon: epsilon,
                    samples: samples, seed: seed, loss))
        }
        return results
    }

    private static func storageIndex(of t: Tensor, logical i: Int) -> Int {
        guard t.rank == 4, t.channelBlock > 1 else { return i }
        let (c, h, w) = (t.channels, t.height, t.width)
        let x = i % w, y = (i / w) % h, ch = (i / (w * h)) % c, n = i / (w * h * c)
        return t.index(n, ch, y, x)
    }
}
