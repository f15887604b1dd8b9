import H5
import NN
import StyleTransfer
import Tensors
import TestSupport
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
        XCTAssertEqual(try Architecture("c3s1-8, d16, R16, u8, c3s1-3").description, "c3s1-8,d16,R16,u8,c3s1-3")
        for bad in [
            "", "c9s1-32", "c4s1-3", "c9s3-3", "x12,c3s1-3", "c3s1-8,R16,c3s1-3", "c9s1-32,,c3s1-3", "c9s1-0,c3s1-3",
        ] {
            XCTAssertThrowsError(try Architecture(bad), bad)
        }
    }

    func testArchitecturePresets() throws {
        XCTAssertEqual(try Architecture(named: "johnson"), .johnson)
        XCTAssertEqual(try Architecture(named: "light"), .light)
        XCTAssertEqual(try Architecture(named: "c3s1-8,d16,R16,u8,c3s1-3").description, "c3s1-8,d16,R16,u8,c3s1-3")
        XCTAssertThrowsError(try Architecture(named: "lite")) { error in
            XCTAssertTrue("\(error)".contains("johnson, light"), "\(error)")
        }
        // Half the widths: about a quarter of the parameters.
        var settings = TransformerSettings()
        settings.architecture = .light
        let light = try TransformerNet(settings: settings).parameters.reduce(0) { $0 + $1.value.count }
        let johnson = try TransformerNet().parameters.reduce(0) { $0 + $1.value.count }
        XCTAssertEqual(Double(light) / Double(johnson), 0.25, accuracy: 0.01)
    }

    func testDefaultNetworkKeepsTheImageSizeAndTanhTheRange() throws {
        var settings = TransformerSettings()
        settings.outputActivation = .tanh
        let network = try TransformerNet(settings: settings)
        network.initialize(seed: 1)
        let y = try network.forward(image([1, 3, 64, 48], seed: 2))
        XCTAssertEqual(y.shape, [1, 3, 64, 48])
        let values = y.toArray()
        XCTAssertTrue(values.allSatisfy { $0 >= 0 && $0 <= 255 })
        // PyTorch's example has 1,679,235; the 1,600 biases before normalizations are left out here.
        XCTAssertEqual(network.parameters.reduce(0) { $0 + $1.value.count }, 1_679_235 - 1_600)
    }

    /// Inference keeps no activations and convolves in bands of rows; it must compute what a
    /// training-mode pass computes.
    func testInferenceEqualsTrainingForward() throws {
        let network = try TransformerNet()
        network.initialize(seed: 3)
        let x = image([1, 3, 36, 28], seed: 4)
        let training = try network.forward(x).toArray()
        // Several bands in every layer.
        let banded = try TransformerNet(convolutions: ConvolutionSettings(bandBytes: 20_000))
        banded.initialize(seed: 3)
        banded.freeze()
        let inference = try banded.forward(x).toArray()
        for (a, b) in zip(inference, training) { XCTAssertEqual(a, b, accuracy: 1e-3) }
    }

    /// Output and every parameter's gradient of a small network with every kind of block agree
    /// with PyTorch (float64) on the same weights and input (Fixtures/make_transformer_reference.py).
    func testMatchesPyTorchReference() throws {
        let reference = try H5File.open(TestPaths.fixture("transformer_reference.h5"))
        var settings = TransformerSettings()
        settings.architecture = try Architecture("c5s1-8,d16,R16,u8,c5s1-3")
        settings.outputActivation = .tanh   // as the fixture
        let network = try TransformerNet(settings: settings)
        for p in network.parameters {
            let stored = try reference.read("parameters/\(p.name)", as: Float.self)
            XCTAssertEqual(stored.shape, p.value.shape, p.name)
            p.value.data.update(from: stored.values, count: stored.values.count)
        }
        let input = try reference.read("input", as: Float.self)
        let output = try network.forward(Tensor(shape: input.shape, values: input.values)).toArray()
        let expected = try reference.read("output", as: Float.self).values
        XCTAssertLessThan(zip(output, expected).map { abs($0 - $1) }.max()!, 1e-2, "output (pixel values 0…255)")

        let projection = try reference.read("projection", as: Float.self)
        try network.backward(Tensor(shape: projection.shape, values: projection.values))
        // The bias of a normalization followed (through a convolution) by another normalization
        // has a true gradient of zero; judge such near-zero gradients against the largest.
        let largest = try network.parameters.map {
            try reference.read("gradients/\($0.name)", as: Float.self).values.map(abs).max()!
        }.max()!
        for p in network.parameters {
            let expected = try reference.read("gradients/\(p.name)", as: Float.self).values
            let ours = p.gradient.toArray()
            let scale = max(expected.map(abs).max()!, 1e-4 * largest)
            let worst = zip(ours, expected).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(worst / scale, 1e-3, "\(p.name): max |difference| \(worst), gradient scale \(scale)")
        }
    }

    func testParameterNamesAreUnique() throws {
        let names = try TransformerNet().parameters.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
    }
}

extension TransformerNetTests {
    /// Sides that are multiples of this come back at their size (compare relies on it).
    func testArchitectureSizeMultiple() throws {
        XCTAssertEqual(Architecture.johnson.sizeMultiple, 4)
        XCTAssertEqual(try Architecture("c5s2-8,d16,R16,u16,u8,c5s1-3").sizeMultiple, 4)
        XCTAssertEqual(try Architecture("c3s1-3").sizeMultiple, 1)
        let network = try TransformerNet()
        network.initialize(seed: 1)
        XCTAssertEqual(try network.forward(Tensor(shape: [1, 3, 20, 36])).shape, [1, 3, 20, 36])
    }
}
