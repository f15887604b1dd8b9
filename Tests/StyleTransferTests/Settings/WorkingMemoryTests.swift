import Platform
@testable import StyleTransfer
import XCTest

/// The memory estimates are lower bounds of what the work was measured to take (README's speed
/// table and stylize notes), so that they refuse only what cannot run, and they grow with the
/// sizes that set them.
final class WorkingMemoryTests: XCTestCase {
    private let gibibyte = Double(1 << 30)

    func testATrainingStepIsEstimatedBelowItsMeasuredPeak() {
        var settings = TrainingSettings()
        settings.imageSize = 256
        settings.batchSize = 4
        let (step, style, parameters) = WorkingMemory.trainingBytes(settings)
        // Measured: 1.85 GB peak RSS for a step of 4 crops of 256² (release build).
        XCTAssertLessThan(step + parameters, 1.85e9)
        XCTAssertGreaterThan(step + parameters, 0.5e9)
        XCTAssertLessThan(style, step)
        settings.imageSize = 512
        XCTAssertEqual(WorkingMemory.trainingBytes(settings).step / step, 4, accuracy: 1e-9)
    }

    func testStylizingIsEstimatedBelowItsMeasuredPeak() {
        let johnson = Architecture.johnson
        // Measured: 0.80 GiB through the command for 1920×1080 untiled (1920×1080 padded to 1920×1080).
        let untiled = WorkingMemory.stylizingBytes(
            width: 1920, height: 1080, passPixels: 1920 * 1080, batch: 1, architecture: johnson)
        XCTAssertLessThan(untiled, 0.80 * gibibyte)
        XCTAssertGreaterThan(untiled, 0.3 * gibibyte)
        // Measured: 1.29 GiB for 4000×3000 in tiles (passes of at most the 2.5-megapixel limit).
        let tiled = WorkingMemory.stylizingBytes(
            width: 4000, height: 3000, passPixels: 2_500_000, batch: 1, architecture: johnson)
        XCTAssertLessThan(tiled, 1.29 * gibibyte)
    }

    func testAbsurdSizesAreRefusedWithTheSettingsThatSetThem() {
        var settings = TrainingSettings()
        settings.imageSize = 30000
        XCTAssertThrowsError(try WorkingMemory.requireTraining(settings)) { error in
            let text = (error as? SettingError)?.message(naming: \.rawValue) ?? ""
            XCTAssertTrue(text.hasPrefix("imageSize 30000, batchSize 4: a training step on 4 crops of 30000²"), text)
            XCTAssertTrue(text.contains("available"), text)
        }
        settings.imageSize = 256
        settings.network.architecture = try! Architecture("c4095s1-4096,c3s1-3")
        XCTAssertThrowsError(try WorkingMemory.requireTraining(settings)) { error in
            XCTAssertEqual((error as? InsufficientMemory)?.settings.map(\.setting), [.architecture])
        }
    }

    func testTheLossNetworkKeepsMoreForDeeperLayers() {
        let shallow = WorkingMemory.lossNetworkFloatsPerPixel(through: "relu1_2")
        let deep = WorkingMemory.lossNetworkFloatsPerPixel(through: "relu4_3")
        XCTAssertEqual(shallow, 128)   // two convolutions of 64 channels at full size
        XCTAssertGreaterThan(deep, shallow)
        XCTAssertGreaterThan(
            WorkingMemory.lossNetworkFloatsPerPixel(through: "relu3_4"),
            WorkingMemory.lossNetworkFloatsPerPixel(through: "relu3_3"))
    }
}
