/// Convolution FLOPs of Johnson's network per image (2 × multiply-adds), as flops.py counts.
enum TransformerFlops {
    static func forward(height h: Int, width w: Int) -> Double {
        var total = firstLayer(height: h, width: w)
        var (h, w) = (h, w)
        func conv(_ cin: Int, _ cout: Int, _ k: Int, _ ho: Int, _ wo: Int) {
            total += 2 * Double(cin * cout * k * k * ho * wo)
        }
        (h, w) = ((h + 1) / 2, (w + 1) / 2); conv(32, 64, 3, h, w)
        (h, w) = ((h + 1) / 2, (w + 1) / 2); conv(64, 128, 3, h, w)
        for _ in 0..<10 { conv(128, 128, 3, h, w) }
        (h, w) = (2 * h, 2 * w); conv(128, 64, 3, h, w)
        (h, w) = (2 * h, 2 * w); conv(64, 32, 3, h, w)
        conv(32, 3, 9, h, w)
        return total
    }

    static func firstLayer(height: Int, width: Int) -> Double { 2 * Double(3 * 32 * 81 * height * width) }
}
