import Imaging
import StyleTransfer
import Visualization
import Tensors
import TestSupport
import XCTest

/// Photographs held in memory, with stand-ins for a file that cannot be read.
private final class Photographs: ImageCollection {
    let entries: [(name: String, image: Image?)]
    init(_ entries: [(name: String, image: Image?)]) { self.entries = entries }
    var count: Int { entries.count }
    func name(at index: Int) -> String { entries[index].name }
    func image(at index: Int) throws -> Image {
        guard let image = entries[index].image else { throw ImageError.emptyFile(name: entries[index].name) }
        return image
    }
}

final class ActivatingPatchesTests: XCTestCase {
    private static let names = [
        "budgie_canyon-wren.jpg", "pop_nasa-45068.jpg", "skimage_astronaut.jpg", "budgie_abstract-spiral.jpg",
    ]

    private func photographs() throws -> [(name: String, image: Image?)] {
        try Self.names.map { ($0, try Image(contentsOf: TestPaths.repositoryFile("datasets/content/\($0)"))) }
    }

    /// Every unit of every channel of every image, ranked, then the best taken with at most
    /// `perImage` per photograph: the search by brute force, with none of its code.
    /// With `wholeFieldsOnly`, only units whose field's rectangle is inside the image.
    private func bruteForce(_ images: [Image?], network: VGGLossNetwork, settings: PatchSearchSettings) throws
        -> [[UnitActivation]]
    {
        let field = try ReceptiveField(layer: settings.layer)
        var all = settings.channels.map { _ in [UnitActivation]() }
        for (index, image) in images.enumerated() {
            guard let image = image?.resized(longSide: settings.longSide) else { continue }
            let map = try network.forward(Tensor(image: image), taps: [settings.layer])[settings.layer]!
            let values = map.toArray()
            let (h, w) = (map.height, map.width)
            for (slot, channel) in settings.channels.enumerated() {
                for y in 0..<h {
                    for x in 0..<w {
                        let rectangle = field.rectangle(y: y, x: x)
                        if settings.wholeFieldsOnly
                            && rectangle.clipped(width: image.width, height: image.height) != rectangle
                        {
                            continue
                        }
                        all[slot].append(
                            UnitActivation(activation: values[(channel * h + y) * w + x], imageIndex: index, y: y, x: x)
                        )
                    }
                }
            }
        }
        return all.map { units in
            let sorted = units.sorted { a, b in
                a.activation != b.activation
                    ? a.activation > b.activation : (a.imageIndex, a.y, a.x) < (b.imageIndex, b.y, b.x)
            }
            var perImage: [Int: Int] = [:]
            var kept: [UnitActivation] = []
            for unit in sorted
            where kept.count < settings.top && perImage[unit.imageIndex, default: 0] < settings.perImage {
                kept.append(unit)
                perImage[unit.imageIndex, default: 0] += 1
            }
            return kept
        }
    }

    /// The top-k of each channel is the brute force's, for one and for several units per
    /// photograph and for more patches than the photographs allow; each patch's field is its
    /// unit's, and its pixels are the resized photograph's there (the mean colour outside).
    func testTheTopUnitsAreTheBruteForceOnesAndEachPatchIsItsUnitsField() throws {
        let network = try VGGLossNetwork(weightsPath: try TestPaths.vggWeights(), upTo: "relu2_2")
        let entries = try photographs()
        let collection = Photographs(entries)
        for (top, perImage, wholeFieldsOnly) in [
            (3, 1, false), (5, 2, false), (6, 1, false), (4, 50, false), (5, 2, true),
        ] {
            var settings = PatchSearchSettings(layer: "relu2_2", channels: [0, 7, 100, 127])
            (settings.top, settings.perImage, settings.longSide, settings.wholeFieldsOnly) = (
                top, perImage, 48, wholeFieldsOnly
            )
            let result = try ActivatingPatches.search(collection, network: network, settings: settings)
            let expected = try bruteForce(entries.map(\.image), network: network, settings: settings)
            XCTAssertEqual(result.imagesSearched, 4)
            XCTAssertEqual(result.channels, settings.channels)
            for (slot, channel) in settings.channels.enumerated() {
                let label = "top \(top), per image \(perImage), whole fields \(wholeFieldsOnly), channel \(channel)"
                XCTAssertEqual(result.patches[slot].map(\.unit), expected[slot], label)
                XCTAssertEqual(result.patches[slot].count, min(top, 4 * perImage), label)
                XCTAssertTrue(result.patches[slot].allSatisfy { $0.channel == channel }, label)
                for patch in result.patches[slot] {
                    let image = entries[patch.unit.imageIndex].image!.resized(longSide: 48)
                    assertIsTheCrop(patch, of: image, field: result.field)
                    if wholeFieldsOnly {
                        XCTAssertEqual(
                            patch.field.clipped(width: image.width, height: image.height), patch.field, label)
                    }
                    XCTAssertEqual(patch.imageName, Self.names[patch.unit.imageIndex])
                }
            }
        }
    }

    private func assertIsTheCrop(
        _ patch: ActivatingPatch, of image: Image, field: ReceptiveField, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(patch.field, field.rectangle(y: patch.unit.y, x: patch.unit.x), file: file, line: line)
        XCTAssertEqual(patch.pixels.width, field.size, file: file, line: line)
        XCTAssertEqual(patch.pixels.height, field.size, file: file, line: line)
        let outside = ActivatingPatches.outsideColor
        for c in 0..<3 {
            for py in 0..<field.size {
                for px in 0..<field.size {
                    let (y, x) = (patch.field.y + py, patch.field.x + px)
                    let inside = (0..<image.height).contains(y) && (0..<image.width).contains(x)
                    let expected =
                        inside
                        ? image.pixels[(c * image.height + y) * image.width + x]
                        : [outside.red, outside.green, outside.blue][c]
                    guard patch.pixels.pixels[(c * field.size + py) * field.size + px] == expected else {
                        return XCTFail(
                            "\(patch.imageName) unit (\(patch.unit.y), \(patch.unit.x)): pixel (\(x), \(y)) of "
                                + "channel \(c) differs",
                            file: file, line: line)
                    }
                }
            }
        }
    }

    /// A photograph that cannot be read and one too small to reach the layer are skipped and
    /// reported; a collection of only such is an error.
    func testUnreadableAndTooSmallPhotographsAreSkipped() throws {
        let network = try VGGLossNetwork(weightsPath: try TestPaths.vggWeights(), upTo: "relu2_2")
        let good = try photographs()[0]
        let sliver = Image(width: 300, height: 2, fill: 100)   // 48×1 after resizing: relu2_2 needs 2 rows
        var settings = PatchSearchSettings(layer: "relu2_2", channels: [3])
        settings.longSide = 48
        var skipped: [String] = []
        let result = try ActivatingPatches.search(
            Photographs([("broken.jpg", nil), good, ("sliver.png", sliver)]), network: network,
            settings: settings
        ) { event in
            if case let .skipped(_, _, name, reason) = event { skipped.append("\(name): \(reason)") }
        }
        XCTAssertEqual(result.imagesSearched, 1)
        XCTAssertEqual(result.patches[0].map(\.imageName), [good.name])
        XCTAssertEqual(skipped.count, 2)
        XCTAssertTrue(skipped[0].hasPrefix("broken.jpg: "), skipped[0])
        XCTAssertTrue(skipped[1].contains("sliver.png: 48×1") && skipped[1].contains("at least 2 pixels"), skipped[1])
        XCTAssertThrowsError(
            try ActivatingPatches.search(Photographs([("broken.jpg", nil)]), network: network, settings: settings)
        ) { error in
            XCTAssertEqual(error as? DatasetError, .noReadableImage(description: "the dataset", count: 1))
        }
    }

    func testBadSettingsAreRefusedByName() throws {
        let network = try VGGLossNetwork(weightsPath: try TestPaths.vggWeights(), upTo: "relu2_2")
        let collection = Photographs([try photographs()[0]])
        func refusal(_ change: (inout PatchSearchSettings) -> Void) -> InvalidSetting? {
            var settings = PatchSearchSettings(layer: "relu2_2", channels: [0])
            settings.longSide = 48
            change(&settings)
            do {
                _ = try ActivatingPatches.search(collection, network: network, settings: settings)
                return nil
            } catch {
                return error as? InvalidSetting
            }
        }
        XCTAssertEqual(refusal { $0.top = 0 }?.setting, .patchCount)
        XCTAssertEqual(refusal { $0.perImage = 0 }?.setting, .patchesPerImage)
        XCTAssertEqual(refusal { $0.longSide = 0 }?.setting, .longSide)
        XCTAssertEqual(refusal { $0.channels = [] }?.setting, .channels)
        XCTAssertEqual(
            refusal { $0.channels = [128] }?.requirement, "must name channels from 0 to 127 (relu2_2 has 128 channels)")
        XCTAssertEqual(refusal { $0.layer = "relu9_1" }?.setting, .layer)
        XCTAssertEqual(
            refusal { $0.layer = "relu3_1" }?.requirement, "is deeper than the loss network reaches (relu2_2)")
    }

    /// The grid: a row per channel, each patch scaled into its cell in order.
    func testTheGridHoldsEachPatchScaledInItsCell() throws {
        let network = try VGGLossNetwork(weightsPath: try TestPaths.vggWeights(), upTo: "relu1_2")
        var settings = PatchSearchSettings(layer: "relu1_2", channels: [1, 2])
        (settings.top, settings.longSide) = (3, 32)
        let result = try ActivatingPatches.search(Photographs(try photographs()), network: network, settings: settings)
        let grid = PatchGrid.image(result, top: 3, cell: 20)
        // Each patch, scaled to 20×20, is in the grid, row by row, left to right.
        var positions: [(y: Int, x: Int)] = []
        for patch in result.patches.joined() {
            let cell = patch.pixels.resized(width: 20, height: 20).clamped()
            let position = (0...(grid.height - 20)).lazy.compactMap { y in
                (0...(grid.width - 20)).first { x in
                    grid.pixels[y * grid.width + x] == cell.pixels[0]
                        && grid.cropped(x: x, y: y, width: 20, height: 20) == cell
                }.map { (y, $0) }
            }.first
            guard let position else {
                return XCTFail("patch of channel \(patch.channel) from \(patch.imageName) is not in the grid")
            }
            positions.append(position)
        }
        XCTAssertEqual(positions.count, 6)
        for row in 0..<2 {
            XCTAssertEqual(Set(positions[(3 * row)..<(3 * row + 3)].map(\.y)).count, 1, "row \(row)")
            XCTAssertEqual(
                positions[(3 * row)..<(3 * row + 3)].map(\.x), positions[(3 * row)..<(3 * row + 3)].map(\.x).sorted())
        }
        XCTAssertLessThan(positions[0].y, positions[3].y)
    }
}
