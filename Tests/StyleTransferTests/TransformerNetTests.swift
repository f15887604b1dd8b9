import NN
import StyleTransfer
import Tensors
import XCTest

final class TransformerNetTests: XCTestCase {
    private func image(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let t = Tensor(shape: shape)
        t.fillUniform(0, 255, using: &generator)
        return t
    }

    func testArchitectureStrings() throws {
        XCTAssertEqual(Architecture.johnson.blocks.count, 11)
        XCTAssertEqual(Architecture.johnson.downsamplingFactor, 4)
        XCTAssertEqual(try Architecture("c3s1-8, d16, R16, u8, c3s1-3").description, "c3s1-8,d16,R16,u8,c3s1-3")
        for bad in ["", "c9s1-32", "c4s1-3", "c9s3-3", "x12,c3s1-3", "c3s1-8,R16,c3s1-3", "c9s1-32,,c3s1-3", "c9s1-0,c3s1-3"] {
            XCTAssertThrowsError(try Architecture(bad), bad)
        }
    }

    func testDefaultNetworkKeepsTheImageSizeAndRange() throws {
        let network = try TransformerNet()
        network.initialize(seed: 1)
        let y = try network.forward(image([1, 3, 64, 48], seed: 2))
        XCTAssertEqual(y.shape, [1, 3, 64, 48])
        let values = y.toArray()
        XCTAssertTrue(values.allSatisfy { $0 >= 0 && $0 <= 255 })
        // PyTorch's example has 1,679,235; the 1,600 biases before normalizations are left out here.
        XCTAssertEqual(network.parameters.reduce(0) { $0 + $1.value.count }, 1_679_235 - 1_600)
    }

    /// Every parameter's gradient through a small network with every kind of block. Instance
    /// normalization over few pixels followed by ReLU makes the whole network strongly
    /// nonlinear, so the step is small and the tolerance wider than the per-layer checks (which
    /// verify each layer tightly).
    func testParameterGradientsOfASmallNetwork() throws {
        for (normalization, upsampling) in [(TransformerOptions.Normalization.instance, TransformerOptions.Upsampling.nearest),
                                            (.batch, .transposed)] {
            var options = TransformerOptions()
            options.architecture = try Architecture("c3s1-8,d16,R16,u8,c3s1-3")
            options.normalization = normalization
            options.upsampling = upsampling
            options.outputActivation = .linear
            let network = try TransformerNet(options: options)
            network.initialize(seed: 3)
            let results = try GradientCheck.check(layer: network.body, input: image([2, 3, 8, 12], seed: 4), epsilon: 1e-3, samples: 8)
            for r in results {
                XCTAssertLessThan(r.maxRelativeError, 0.1, "\(normalization)/\(upsampling) \(r)")
            }
        }
    }

    func testParameterNamesAreUnique() throws {
        let names = try TransformerNet().parameters.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
    }
}
