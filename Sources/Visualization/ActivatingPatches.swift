import Imaging
import NN
import StyleTransfer
import Tensors

/// The lecture's "maximally activating patches": for each chosen channel of a VGG layer, the
/// units over a collection of photographs that it activates most, each shown as the patch of
/// its photograph that the unit sees (its receptive field).
///
/// The photographs are streamed one at a time: each is resized to the long side of the
/// settings, run through the loss network up to the layer, and each channel's best units are
/// merged into that channel's `top` kept so far (at most `perImage` from one photograph). Only
/// those units and their crops stay in memory.
public struct ActivatingPatches: Sendable {
    public let layer: String
    public let field: ReceptiveField
    public let channels: [Int]
    /// Per channel (in the order of `channels`), its patches best first; fewer than `top` when
    /// the collection has fewer photographs (or units) than that allows.
    public let patches: [[ActivatingPatch]]
    /// Photographs searched (skipped ones not counted).
    public let imagesSearched: Int

    /// What fills a patch where the field reaches past the photograph: the ImageNet mean colour
    /// (R, G, B), which is what the first convolution's zero padding of mean-subtracted pixels
    /// shows the network.
    public static let outsideColor = Color(
        red: CaffePreprocessing.meanRGB[0], green: CaffePreprocessing.meanRGB[1],
        blue: CaffePreprocessing.meanRGB[2])

    /// Searches every image of `images` with `network` (which must reach `settings.layer`).
    /// Images that cannot be read, or are too small to reach the layer (or, with
    /// `wholeFieldsOnly`, to hold a whole field), are skipped and reported
    /// through `progress`; when none is left, throws `DatasetError.noReadableImage`.
    public static func search(
        _ images: ImageCollection, network: VGGLossNetwork, settings: PatchSearchSettings,
        progress: (PatchSearchEvent) -> Void = { _ in }
    ) throws -> ActivatingPatches {
        try settings.validate()
        let field = try ReceptiveField(layer: settings.layer, variant: network.variant)
        guard network.layerNames.contains(settings.layer) else {
            throw InvalidSetting(
                .layer, settings.layer, "is deeper than the loss network reaches (\(network.layerNames.last ?? ""))")
        }
        let channelCount = try network.variant.layer(relu: settings.layer).outChannels
        guard !settings.channels.isEmpty else { throw InvalidSetting(.channels, "", "must name at least one channel") }
        if let channel = settings.channels.first(where: { !(0..<channelCount).contains($0) }) {
            throw ChannelSelection.outOfRange(channel, channelCount: channelCount, layer: settings.layer)
        }
        try requireMemory(settings, field: field)
        var best = settings.channels.map { _ in BestUnits<ActivatingPatch>(capacity: settings.top) }
        var searched = 0
        for index in 0..<images.count {
            let name = images.name(at: index)
            let event = { (reason: String) in
                PatchSearchEvent.skipped(done: index + 1, total: images.count, name: name, reason: reason)
            }
            let photograph: Image
            do {
                photograph = try images.image(at: index)
            } catch let error as ImageError {
                progress(event(error.description))
                continue
            }
            let resized = InputSize.resized(photograph, longSide: settings.longSide)
            let map = field.mapSize(width: resized.width, height: resized.height)
            guard map.width > 0, map.height > 0 else {
                progress(
                    event(
                        "\(resized.width)×\(resized.height) after resizing is too small for \(settings.layer), "
                            + "which needs at least \(1 << field.poolings) pixels on each side"))
                continue
            }
            let rows =
                settings.wholeFieldsOnly ? field.unitsWithWholeFields(inputLength: resized.height) : 0..<map.height
            let columns =
                settings.wholeFieldsOnly ? field.unitsWithWholeFields(inputLength: resized.width) : 0..<map.width
            guard !rows.isEmpty, !columns.isEmpty else {
                progress(
                    event(
                        "at \(resized.width)×\(resized.height) no unit of \(settings.layer) has its whole field "
                            + "(\(field.size)×\(field.size) pixels) inside the photograph"))
                continue
            }
            let activations = try network.forward(Tensor(image: resized), taps: [settings.layer])[settings.layer]!
            for (slot, channel) in settings.channels.enumerated() {
                for unit in bestUnits(
                    of: activations, channel: channel, rows: rows, columns: columns, imageIndex: index,
                    count: settings.perImage)
                {
                    best[slot].insert(unit, patch(unit, channel: channel, of: resized, named: name, field: field))
                }
            }
            searched += 1
            progress(.searched(done: index + 1, total: images.count, name: name))
        }
        guard searched > 0 else {
            throw DatasetError.noReadableImage(
                description: (images as? ImageFolder)?.path ?? "the dataset", count: images.count)
        }
        return ActivatingPatches(
            layer: settings.layer, field: field, channels: settings.channels,
            patches: best.map { $0.entries.map(\.value) }, imagesSearched: searched)
    }

    /// The `count` best units of `channel` among `rows` × `columns` of a (1, C, H, W) map of any
    /// layout.
    static func bestUnits(
        of map: Tensor, channel: Int, rows: Range<Int>, columns: Range<Int>, imageIndex: Int,
        count: Int
    ) -> [UnitActivation] {
        var best = BestUnits<Void>(capacity: count)
        for y in rows {
            for x in columns {
                let unit = UnitActivation(
                    activation: map.data[map.index(0, channel, y, x)], imageIndex: imageIndex, y: y, x: x)
                best.insert(unit, ())
            }
        }
        return best.entries.map(\.unit)
    }

    /// The patch of `unit`: its field cut from `image`, `outsideColor` where it reaches past.
    static func patch(
        _ unit: UnitActivation, channel: Int, of image: Image, named name: String,
        field: ReceptiveField
    ) -> ActivatingPatch {
        let rectangle = field.rectangle(y: unit.y, x: unit.x)
        var pixels = Image(width: rectangle.width, height: rectangle.height, fill: 0)
        pixels.fill(x: 0, y: 0, width: rectangle.width, height: rectangle.height, color: outsideColor)
        if let inside = rectangle.clipped(width: image.width, height: image.height) {
            pixels.draw(
                image.cropped(x: inside.x, y: inside.y, width: inside.width, height: inside.height),
                x: inside.x - rectangle.x, y: inside.y - rectangle.y)
        }
        return ActivatingPatch(channel: channel, unit: unit, imageName: name, field: rectangle, pixels: pixels)
    }

    /// The loss network on the largest photograph (a square of the long side), the crops kept
    /// and the picture of them.
    static func requireMemory(_ settings: PatchSearchSettings, field: ReceptiveField) throws {
        let side = settings.longSide
        try WorkingMemory.requireLossNetwork(
            width: side, height: side, layers: [settings.layer], name: "a photograph",
            settings: [(.longSide, side)])
        let crops = Double(settings.channels.count) * Double(settings.top) * Double(field.size * field.size) * 3 * 4
        try WorkingMemory.require(
            crops + PatchGrid.bytes(channels: settings.channels.count, top: settings.top),
            for: "\(settings.channels.count) × \(settings.top) patches of \(field.size)² pixels and their picture",
            settings: [(.channels, settings.channels.count), (.patchCount, settings.top)])
    }
}
